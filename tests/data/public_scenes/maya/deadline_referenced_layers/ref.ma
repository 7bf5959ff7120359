//Maya ASCII 2023 scene
//Name: ref_resaved1.ma
//Last modified: Mon, Jul 08, 2024 07:15:33 PM
//Codeset: UTF-8
requires maya "2023";
requires "stereoCamera" "10.0";
requires -nodeType "aiOptions" -nodeType "aiAOVDriver" -nodeType "aiAOVFilter" "mtoa" "5.2.0";
currentUnit -l centimeter -a degree -t film;
fileInfo "application" "maya";
fileInfo "product" "Maya 2023";
fileInfo "version" "2023";
fileInfo "cutIdentifier" "202208031415-1dee56799d";
fileInfo "osv" "Mac OS X 10.16";
fileInfo "UUID" "27C0FD7D-5D42-8E0E-DE12-4BAC5977BEBE";
createNode transform -s -n "persp";
	rename -uid "D933538E-6C44-2A67-2D15-E4A3E0F03A33";
	setAttr ".v" no;
	setAttr ".t" -type "double3" 28 21 28 ;
createNode camera -s -n "perspShape" -p "persp";
	rename -uid "B64EF488-8840-C3CD-2766-AEB6FF2A2D98";
	setAttr -k off ".v" no;
	setAttr ".fl" 34.999999999999986;
	setAttr ".coi" 44.82186966202994;
	setAttr ".imn" -type "string" "persp";
	setAttr ".den" -type "string" "persp_depth";
	setAttr ".man" -type "string" "persp_mask";
	setAttr ".hc" -type "string" "viewSet -p %camera";
createNode renderLayerManager -n "renderLayerManager";
	rename -uid "EE2C68D3-4E41-DB16-3CDA-CB90B1458EE9";
createNode renderLayer -n "defaultRenderLayer";
	rename -uid "DD5ABC58-9C42-7D41-C411-93806521857D";
	setAttr ".g" yes;
