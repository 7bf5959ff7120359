//Maya ASCII 2023 scene
//Name: open_this_scene_resaved2.ma
//Last modified: Wed, Mar 27, 2024 07:09:58 PM
//Codeset: UTF-8
file -rdi 1 -ns "ref" -rfn "imported_scene_refRN" -op "VERS|2023|UVER|undef|MADE|undef|CHNG|Fri, Jan 19, 2024 02:23:50 PM|ICON|undef|INFO|undef|OBJN|51|INCL|undef(|LUNI|cm|TUNI|film|AUNI|deg|TDUR|141120000|"
		 -typ "mayaAscii" "ref.ma";
file -r -ns "ref" -dr 1 -rfn "imported_scene_refRN" -op "VERS|2023|UVER|undef|MADE|undef|CHNG|Fri, Jan 19, 2024 02:23:50 PM|ICON|undef|INFO|undef|OBJN|51|INCL|undef(|LUNI|cm|TUNI|film|AUNI|deg|TDUR|141120000|"
		 -typ "mayaAscii" "ref.ma";
file -rdi 1 -ns "scene_file_to_reference" -rfn "scene_file_to_referenceRN" -op
                 "VERS|2023|UVER|undef|MADE|undef|CHNG|Wed, Aug 30, 2023 02:59:28 PM|ICON|undef|INFO|undef|OBJN|21|INCL|undef(|LUNI|cm|TUNI|film|AUNI|deg|TDUR|141120000|"
                 -typ "mayaBinary" "/Users/rmvh/work/deadline/deadline-cloud-for-maya/job_bundle_output_tests/renderman/scene/scene_file_to_reference.mb";
file -r -ns "scene_file_to_reference" -dr 1 -rfn "scene_file_to_referenceRN" -op
                 "VERS|2023|UVER|undef|MADE|undef|CHNG|Wed, Aug 30, 2023 02:59:28 PM|ICON|undef|INFO|undef|OBJN|21|INCL|undef(|LUNI|cm|TUNI|film|AUNI|deg|TDUR|141120000|"
                 -typ "mayaBinary" "/Users/rmvh/work/deadline/deadline-cloud-for-maya/job_bundle_output_tests/renderman/scene/scene_file_to_reference.mb";
requires maya "2023";
requires "stereoCamera" "10.0";
requires -nodeType "rmanVolumeAggregateSet" "rfm_volume_aggregate_set.py" "1.0";
requires -nodeType "PxrPathTracer" -nodeType "d_openexr" -nodeType "rmanDisplayChannel"
		 -nodeType "rmanGlobals" -nodeType "rmanDisplay" -nodeType "rmanBakingGlobals" "RenderMan_for_Maya.py" "25.2 @ 2282507";
requires -nodeType "aiOptions" -nodeType "aiAOVDriver" -nodeType "aiAOVFilter" "mtoa" "5.2.0";
currentUnit -l centimeter -a degree -t film;
fileInfo "application" "maya";
fileInfo "product" "Maya 2023";
fileInfo "version" "2023";
fileInfo "cutIdentifier" "202208031415-1dee56799d";
fileInfo "osv" "Mac OS X 10.16";
fileInfo "UUID" "2E28AA4F-5547-1C15-D345-53A656E2A436";
createNode transform -s -n "persp";
	rename -uid "404A83A2-2949-F8A3-CD5F-6F840FBC96A8";
	setAttr ".v" no;
	setAttr ".t" -type "double3" 28 21 28 ;
	setAttr ".r" -type "double3" -27.938352729602379 44.999999999999972 -5.172681101354183e-14 ;
createNode camera -s -n "perspShape" -p "persp";
	rename -uid "1F39D1CA-5549-EB3F-F954-F0A1CFD5AB8D";
	setAttr -k off ".v" no;
	setAttr ".fl" 34.999999999999986;
	setAttr ".coi" 44.82186966202994;
	setAttr ".imn" -type "string" "persp";
	setAttr ".den" -type "string" "persp_depth";
	setAttr ".man" -type "string" "persp_mask";
	setAttr ".hc" -type "string" "viewSet -p %camera";
createNode transform -s -n "top";
	rename -uid "65E20E9D-314A-5133-3265-1AB816DEB562";
	setAttr ".v" no;
	setAttr ".t" -type "double3" 0 1000.1 0 ;
	setAttr ".r" -type "double3" -89.999999999999986 0 0 ;
createNode camera -s -n "topShape" -p "top";
	rename -uid "63B44B97-C648-2AE9-AEA4-64B96E2B5425";
	setAttr -k off ".v" no;
	setAttr ".rnd" no;
	setAttr ".coi" 1000.1;
	setAttr ".ow" 30;
	setAttr ".imn" -type "string" "top";
	setAttr ".den" -type "string" "top_depth";
	setAttr ".man" -type "string" "top_mask";
	setAttr ".hc" -type "string" "viewSet -t %camera";
	setAttr ".o" yes;
	setAttr ".ai_translator" -type "string" "orthographic";
createNode lightLinker -s -n "lightLinker1";
	rename -uid "E818E62C-E147-F073-A065-B096AB5D5BC6";
	setAttr -s 2 ".lnk";
	setAttr -s 2 ".slnk";
createNode displayLayerManager -n "layerManager";
	rename -uid "8CAC54B1-C44E-60F7-004E-E8840DE03F58";
createNode displayLayer -n "defaultLayer";
	rename -uid "6B2548BE-6A4F-87E5-1CC8-6CAC8BF2A222";
	setAttr ".ufem" -type "stringArray" 0  ;
createNode renderLayerManager -n "renderLayerManager";
	rename -uid "83936294-194C-F12D-EAEC-34825B6A731D";
createNode renderLayer -n "defaultRenderLayer";
	rename -uid "688373B3-8041-8DC2-3533-09AAF8D2A28A";
	setAttr ".g" yes;
createNode aiOptions -s -n "defaultArnoldRenderOptions";
	rename -uid "9A138AC0-0948-F5B6-6486-93B7C51BB0B6";
	setAttr ".version" -type "string" "5.1.0";
createNode aiAOVFilter -s -n "defaultArnoldFilter";
	rename -uid "34BABCDD-D041-35C1-8012-4E91D4182313";
	setAttr ".ai_translator" -type "string" "gaussian";
createNode aiAOVDriver -s -n "defaultArnoldDriver";
	rename -uid "179D253A-1049-1B7D-D48B-1E9EB1B48345";
	setAttr ".ai_translator" -type "string" "exr";
createNode aiAOVDriver -s -n "defaultArnoldDisplayDriver";
	rename -uid "7CB95AC3-4744-490E-5662-34BFAAB734E8";
	setAttr ".output_mode" 0;
	setAttr ".ai_translator" -type "string" "maya";
createNode renderLayerManager -n "imported_scene_renderLayerManager";
	rename -uid "FB28DAF8-8A4B-F6E3-7DAA-2AA34474CDA3";
createNode renderLayer -n "imported_scene_defaultRenderLayer";
	rename -uid "40502EBD-DD48-DB93-E5D2-D49CD356C495";
	setAttr ".g" yes;
createNode script -n "imported_scene_sceneConfigurationScriptNode";
	rename -uid "EC0B52EA-A142-C21B-FEB1-BDB3D0BDF6D9";
	setAttr ".b" -type "string" "playbackOptions -min 1 -max 120 -ast 1 -aet 200 ";
	setAttr ".st" 6;
createNode reference -n "imported_scene_refRN";
	rename -uid "F80C4BE2-8546-3D8F-AEAF-5D86C519428D";
	setAttr ".ed" -type "dataReferenceEdits" 
		"imported_scene_refRN"
		"refRN" 0
		"imported_scene_refRN" 0;
	setAttr ".ptag" -type "string" "";
lockNode -l 1 ;
createNode rmanGlobals -s -n "rmanGlobals";
	rename -uid "50FCEF7B-E44C-28FC-5466-B3924CA5EADA";
	setAttr ".imageFileFormat" -type "string" "<scene>_<layer>_<camera>_<aov>.<f4>.<ext>";
	setAttr ".imageOutputDir" -type "string" "<ws>/images/<scene>_v<version>_t<take>";
	setAttr ".rmanVersion" -type "string" "";
createNode d_openexr -n "d_openexr";
	rename -uid "B8A3C7A6-8A4E-939D-16D8-2784D2D84862";
	setAttr ".storage" -type "string" "scanline";
select -ne :time1;
	setAttr ".o" 1;
	setAttr ".unw" 1;
select -ne :hardwareRenderingGlobals;
	setAttr ".otfva" -type "Int32Array" 22 0 1 1 1 1 1
		 1 1 1 0 0 0 0 0 0 0 0 0
		 0 0 0 0 ;
	setAttr ".fprt" yes;
select -ne :renderPartition;
	setAttr -s 2 ".st";
select -ne :defaultRenderingList1;
	setAttr -s 8 ".r";
select -ne :defaultRenderGlobals;
	addAttr -ci true -h true -sn "dss" -ln "defaultSurfaceShader" -dt "string";
	setAttr ".ren" -type "string" "arnold";
	setAttr ".outf" 51;
	setAttr ".imfkey" -type "string" "exr";
	setAttr ".dss" -type "string" "lambert1";
select -ne :defaultResolution;
	setAttr ".pa" 1;
select -ne :hardwareRenderGlobals;
	setAttr ".ctrs" 256;
	setAttr ".btrs" 512;
relationship "link" ":lightLinker1" ":initialShadingGroup.message" ":defaultLightSet.message";
connectAttr "layerManager.dli[0]" "defaultLayer.id";
connectAttr "renderLayerManager.rlmi[0]" "defaultRenderLayer.rlid";
connectAttr ":defaultArnoldDisplayDriver.msg" ":defaultArnoldRenderOptions.drivers"
		 -na;
connectAttr ":defaultArnoldFilter.msg" ":defaultArnoldRenderOptions.filt";
connectAttr ":defaultArnoldDriver.msg" ":defaultArnoldRenderOptions.drvr";
connectAttr "imported_scene_renderLayerManager.rlmi[0]" "imported_scene_defaultRenderLayer.rlid"
		;
connectAttr "d_openexr.msg" "rmanDefaultBakeDisplay.displayType";
connectAttr "defaultRenderLayer.msg" ":defaultRenderingList1.r" -na;
connectAttr "imported_scene_defaultRenderLayer.msg" ":defaultRenderingList1.r" -na
		;
connectAttr ":rmanGlobals.msg" ":defaultRenderingList1.r" -na;
connectAttr "d_openexr.msg" ":defaultRenderingList1.r" -na;
// End of open_this_scene_resaved2.ma
