//Maya ASCII 2022 scene
//Name: RfMLightsTest.ma
//Last modified: Fri, Aug 19, 2022 11:35:52 AM
//Codeset: UTF-8
requires maya "2022";
requires -nodeType "rmanVolumeAggregateSet" "rfm_volume_aggregate_set.py" "1.0";
requires -nodeType "px_renderGlobals" "px_render" "1.0";
requires -nodeType "PxrEnvDayLight" -nodeType "PxrBlack" -nodeType "PxrMeshLight"
		 -nodeType "PxrDiskLight" -nodeType "PxrRectLight" -nodeType "PxrDomeLight" -nodeType "PxrSphereLight"
		 -nodeType "PxrSurface" -nodeType "PxrDistantLight" -nodeType "PxrCylinderLight" -nodeType "d_openexr"
		 -nodeType "PxrPathTracer" -nodeType "PxrAovLight" -nodeType "rmanDisplay" -nodeType "rmanBakingGlobals"
		 -nodeType "rmanDisplayChannel" -nodeType "rmanGlobals" "RenderMan_for_Maya.py" "24.5 @ 2245091";
currentUnit -l centimeter -a degree -t film;
fileInfo "application" "maya";
fileInfo "product" "Maya 2022";
fileInfo "version" "2022";
fileInfo "cutIdentifier" "202110272215-ad32f8f1e6";
fileInfo "osv" "Linux 3.10.0-1160.66.1.el7.x86_64 #1 SMP Wed Apr 27 20:34:34 UTC 2022 x86_64";
fileInfo "UUID" "E758DD80-0000-58A2-62FF-D808000002F2";
createNode transform -s -n "persp";
	rename -uid "E8171584-DD49-FDA6-E822-9889F21C5FDC";
	setAttr ".v" no;
	setAttr ".t" -type "double3" 28 21 28 ;
createNode camera -s -n "perspShape" -p "persp";
	rename -uid "4082CEB4-4A4C-4E29-C02B-E891517F839C";
	setAttr -k off ".v" no;
	setAttr ".fl" 34.999999999999986;
	setAttr ".imn" -type "string" "persp";
	setAttr ".hc" -type "string" "viewSet -p %camera";
createNode transform -n "RfMLightsTest";
	rename -uid "C084FD22-5F40-4A2D-9ABA-ECBD565A745D";
createNode transform -n "Lights" -p "RfMLightsTest";
	rename -uid "878D9ED2-3C42-89A2-D8E9-0EBADEFE0250";
createNode transform -n "CylinderLight" -p "Lights";
	rename -uid "6E8F1BB4-5645-13B4-FF66-04B2BEB17F81";
	setAttr ".t" -type "double3" 1 1 1 ;
createNode PxrCylinderLight -n "CylinderLightShape" -p "CylinderLight";
	rename -uid "865901DB-B34D-2B65-5DE5-FE9E5DAD6B76";
	setAttr ".intensity" 1.1000000238418579;
	setAttr ".iesProfile" -type "string" "";
	setAttr ".iesProfileScale" 0;
createNode transform -n "DiskLight" -p "Lights";
	rename -uid "0A6203A9-AF4D-2B8E-65F7-DD9CCF13CA2A";
	setAttr ".t" -type "double3" 2 1 2 ;
createNode PxrDiskLight -n "DiskLightShape" -p "DiskLight";
	rename -uid "06D69FFB-D248-17D1-D965-B180DB53DCC1";
	setAttr ".intensity" 1.2000000476837158;
	setAttr ".coneAngle" 92;
	setAttr ".iesProfile" -type "string" "./DiskLight_profile.ies";
	setAttr ".iesProfileScale" 1.2000000476837158;
	setAttr ".iesProfileNormalize" no;
createNode transform -n "RectLight" -p "Lights";
	rename -uid "B4B58713-C64B-A728-9F7C-D6BF5271FD12";
	setAttr ".t" -type "double3" 6 6 6 ;
createNode PxrRectLight -n "RectLightShape" -p "RectLight";
	rename -uid "E9863EF7-9645-C70A-7B16-DB95E621B835";
	setAttr ".intensity" 1.6000000238418579;
	setAttr ".lightColor" -type "float3" 0.60000002 0.60000002 0.60000002 ;
	setAttr ".lightColorMap" -type "string" "./RectLight_texture.tex";
	setAttr ".colorMapGamma" -type "float3" 1 1 1 ;
	setAttr ".iesProfile" -type "string" "";
