//Maya ASCII 2025 scene
//Name: vraymayascene.ma
//Last modified: Wed, Jun 25, 2025 11:40:00 AM
//Codeset: UTF-8
requires maya "2025";
requires -nodeType "VRaySettingsNode" -nodeType "VRayLightDomeShape" -nodeType "VRayMtl"
		 -dataType "VRaySunParams" -dataType "vrayFloatVectorData" -dataType "vrayFloatVectorData"
		 -dataType "vrayIntData" "vrayformaya" "7";
requires -nodeType "renderSetup" "renderSetup.py" "1.0";
currentUnit -l centimeter -a degree -t film;
fileInfo "vrayBuild" "7.10.00 4783db8";
fileInfo "application" "maya";
fileInfo "product" "Maya 2025";
fileInfo "version" "2025";
fileInfo "cutIdentifier" "202402161156-0caf8d1269";
fileInfo "osv" "Mac OS X 15.5";
fileInfo "UUID" "A3973ABE-FE40-E734-E97F-E0BD915461DB";
createNode transform -s -n "persp";
	rename -uid "33402E64-4E45-6F81-C357-CF8FC30CC682";
	setAttr ".v" no;
	setAttr ".t" -type "double3" -18.835676468938189 17.932281433233896 17.25161338851791 ;
createNode camera -s -n "perspShape" -p "persp";
	rename -uid "7207EADC-A948-7965-1CDD-48B720471F16";
	setAttr -k off ".v" no;
	setAttr ".fl" 34.999999999999986;
	setAttr ".coi" 31.208453821845399;
	setAttr ".imn" -type "string" "persp";
	setAttr ".den" -type "string" "persp_depth";
	setAttr ".man" -type "string" "persp_mask";
	setAttr ".hc" -type "string" "viewSet -p %camera";
createNode transform -s -n "top";
	rename -uid "6070AB8D-2549-77C0-E0D8-52AF9960D5C9";
	setAttr ".v" no;
createNode camera -s -n "topShape" -p "top";
	rename -uid "5E51DB3C-AD4D-35C1-A112-1A8482D0CF5B";
	setAttr -k off ".v" no;
	setAttr ".rnd" no;
	setAttr ".coi" 1000.1;
	setAttr ".ow" 30;
	setAttr ".imn" -type "string" "top";
	setAttr ".hc" -type "string" "viewSet -t %camera";
	setAttr ".o" yes;
createNode transform -n "blueBall";
	rename -uid "BEA2DB26-8B42-A5F0-2170-3EA2EBD5CF1A";
createNode mesh -n "blueBallShape" -p "blueBall";
	rename -uid "751F6139-574F-D865-F313-A8AA301E17BA";
	setAttr -k off ".v";
	setAttr ".uvst[0].uvsn" -type "string" "map1";
	setAttr ".covm[0]"  0 1 1;
createNode transform -n "VRayLightDome1";
	rename -uid "112B1FF4-1545-83E5-5E27-CCB15875ED70";
createNode VRayLightDomeShape -n "VRayLightDomeShape1" -p "VRayLightDome1";
	rename -uid "5ACDAFB9-CC4E-E926-85EF-6DB293BF8D2E";
	addAttr -ci true -h true -sn "aal" -ln "attributeAliasList" -dt "attributeAlias";
	setAttr -k off ".v";
	setAttr ".vpte" 2;
	setAttr ".intens" 0.39024388790130615;
	setAttr ".aal" -type "attributeAlias" 6 "lightColor" "color" "intensityMult" "intensity" "shadows" "useRayTraceShadows" ;
createNode renderLayerManager -n "renderLayerManager";
	rename -uid "66232208-114B-7A1D-76EB-9C86D26F752C";
createNode renderLayer -n "defaultRenderLayer";
	rename -uid "FEE52494-F14A-CD3F-5ABE-72807B7433BB";
	setAttr ".g" yes;
createNode VRaySettingsNode -s -n "vraySettings";
	rename -uid "FA53DCDC-B442-F556-1EDB-B4B1E2D91F71";
	setAttr ".sver" 2;
	setAttr ".gi" yes;
	setAttr ".cfile" -type "string" "";
	setAttr ".pt" 0.0099999997764825821;
	setAttr ".wi" 960;
	setAttr ".he" 540;
	setAttr ".aspr" 1.7777780294418335;
	setAttr ".jpegq" 100;
	setAttr ".vfbOn" yes;
	setAttr ".vfbSA" -type "Int32Array" 1147 0 4579 1 4567 0 1
		 4559 1700143739 1869181810 825893486 1632379436 1936876921 578501154 1936876886 577662825 573321530 1935764579 574235251
		 1953460082 1881287714 1701867378 1701409906 2067407475 1919252002 1852795251 741423650 1835101730 574235237 1696738338 1818386798;
createNode script -n "sceneConfigurationScriptNode";
	rename -uid "A6DBC348-0746-0D6D-D1A4-B6A7F84B6A0C";
	setAttr ".b" -type "string" "playbackOptions -min 0 -max 24 -ast 0 -aet 48 ";
	setAttr ".st" 6;
select -ne :time1;
	setAttr ".o" 0;
select -ne :hardwareRenderingGlobals;
	setAttr ".otfva" -type "Int32Array" 22 0 1 1 1 1 1
		 1 1 1 0 0 0 0 0 0 0 0 0
		 0 0 0 0 ;
	setAttr ".fprt" yes;
	setAttr ".rtfm" 3;
select -ne :defaultRenderGlobals;
	addAttr -ci true -h true -sn "dss" -ln "defaultSurfaceShader" -dt "string";
	setAttr ".ren" -type "string" "vray";
	setAttr ".dss" -type "string" "standardSurface1";
select -ne :defaultResolution;
	setAttr ".pa" 1;
select -ne :defaultLightSet;
	setAttr -s 2 ".dsm";
connectAttr "renderLayerManager.rlmi[0]" "defaultRenderLayer.rlid";
connectAttr "defaultRenderLayer.msg" ":defaultRenderingList1.r" -na;
connectAttr "VRayLightDomeShape1.ltd" ":lightList1.l" -na;
connectAttr "VRayLightDome1.iog" ":defaultLightSet.dsm" -na;
// End of vraymayascene.ma
