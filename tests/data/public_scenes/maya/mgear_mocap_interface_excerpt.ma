//Maya ASCII 2014 scene
//Name: MOCAP_interface_01.ma
//Last modified: Thu, Feb 05, 2015 03:47:28 PM
//Codeset: 932
requires maya "2014";
requires -nodeType "HIKSolverNode" -nodeType "HIKRetargeterNode" -nodeType "HIKCharacterNode"
		 -nodeType "HIKSkeletonGeneratorNode" -nodeType "HIKControlSetNode" -nodeType "HIKEffectorFromCharacter"
		 -nodeType "HIKSK2State" -nodeType "HIKFK2State" -nodeType "HIKState2FK" -nodeType "HIKState2SK"
		 -nodeType "HIKState2GlobalSK" -nodeType "HIKEffector2State" -nodeType "HIKState2Effector"
		 -nodeType "HIKProperty2State" -nodeType "HIKPinning2State" -nodeType "ComputeGlobal"
		 -nodeType "ComputeLocal" -nodeType "HIKCharacterStateClient" -dataType "HIKCharacter"
		 -dataType "HIKCharacterState" -dataType "HIKEffectorState" -dataType "HIKPropertySetState"
		 "mayaHIK" "1.0_HIK_2013.2";
currentUnit -l centimeter -a degree -t film;
fileInfo "application" "maya";
fileInfo "product" "Maya 2014";
fileInfo "version" "2014";
fileInfo "cutIdentifier" "201401300447-905052";
fileInfo "osv" "Microsoft Windows 7 Business Edition, 64-bit Windows 7 Service Pack 1 (Build 7601)\n";
createNode transform -s -n "persp";
	setAttr ".v" no;
	setAttr ".t" -type "double3" 3.4110929606558194 13.627515810187335 32.863570431622321 ;
	setAttr ".r" -type "double3" -8.1383527296040619 10.200000000001904 0 ;
createNode camera -s -n "perspShape" -p "persp";
	setAttr -k off ".v" no;
	setAttr ".fl" 34.999999999999993;
	setAttr ".ncp" 0.01;
	setAttr ".coi" 35.910053238777458;
	setAttr ".imn" -type "string" "persp";
	setAttr ".den" -type "string" "persp_depth";
	setAttr ".man" -type "string" "persp_mask";
	setAttr ".hc" -type "string" "viewSet -p %camera";
createNode transform -s -n "top";
	setAttr ".v" no;
	setAttr ".t" -type "double3" 0 100.1 0 ;
	setAttr ".r" -type "double3" -89.999999999999986 0 0 ;
createNode camera -s -n "topShape" -p "top";
	setAttr -k off ".v" no;
	setAttr ".rnd" no;
	setAttr ".ncp" 0.01;
	setAttr ".coi" 100.1;
	setAttr ".ow" 30;
	setAttr ".imn" -type "string" "top";
	setAttr ".den" -type "string" "top_depth";
	setAttr ".man" -type "string" "top_mask";
	setAttr ".hc" -type "string" "viewSet -t %camera";
	setAttr ".o" yes;
createNode transform -n "mGear_Mocap_interface_Reference";
	addAttr -ci true -sn "ch" -ln "Character" -at "message";
createNode locator -n "mGear_Mocap_interface_ReferenceShape" -p "mGear_Mocap_interface_Reference";
	setAttr -k off ".v";
createNode joint -n "mGear_Mocap_interface_Hips" -p "mGear_Mocap_interface_Reference";
	addAttr -ci true -sn "ch" -ln "Character" -at "message";
	setAttr ".t" -type "double3" 0 10 0 ;
	setAttr ".typ" 1;
	setAttr ".radi" 0.30000000000000004;
createNode joint -n "mGear_Mocap_interface_LeftUpLeg" -p "mGear_Mocap_interface_Hips";
	addAttr -ci true -sn "ch" -ln "Character" -at "message";
	setAttr ".t" -type "double3" 0.89100008010000009 -0.62700004600000092 0 ;
	setAttr ".sd" 1;
	setAttr ".typ" 2;
	setAttr ".radi" 0.30000000000000004;
