//Maya ASCII 2016 scene
//Name: UsdExportCameraTest.ma
//Last modified: Tue, Jul 05, 2016 07:18:44 PM
//Codeset: UTF-8
requires maya "2016";
currentUnit -l centimeter -a degree -t film;
fileInfo "application" "maya";
fileInfo "product" "Maya 2016";
fileInfo "version" "2016";
fileInfo "cutIdentifier" "201603061001-989194";
fileInfo "osv" "Linux 2.6.32-504.el6.x86_64 #1 SMP Tue Sep 16 01:56:35 EDT 2014 x86_64";
createNode transform -s -n "persp";
	rename -uid "2D224860-0000-7214-5777-0D7100000224";
	setAttr ".v" no;
	setAttr ".t" -type "double3" 15.235965081682586 -16.002183586714526 7.1438761657724905 ;
	setAttr ".r" -type "double3" 72.082924915356216 -3.180554681463516e-15 43.59491399474593 ;
createNode camera -s -n "perspShape" -p "persp";
	rename -uid "2D224860-0000-7214-5777-0D7100000225";
	setAttr -k off ".v" no;
	setAttr ".fl" 34.999999999999993;
	setAttr ".coi" 23.22153048756816;
	setAttr ".imn" -type "string" "persp";
	setAttr ".den" -type "string" "persp_depth";
	setAttr ".man" -type "string" "persp_mask";
	setAttr ".hc" -type "string" "viewSet -p %camera";
createNode transform -s -n "top";
	rename -uid "2D224860-0000-7214-5777-0D7100000226";
	setAttr ".v" no;
	setAttr ".t" -type "double3" 0 0 100.1 ;
createNode camera -s -n "topShape" -p "top";
	rename -uid "2D224860-0000-7214-5777-0D7100000227";
	setAttr -k off ".v" no;
	setAttr ".rnd" no;
	setAttr ".coi" 100.1;
	setAttr ".ow" 30;
	setAttr ".imn" -type "string" "top";
	setAttr ".den" -type "string" "top_depth";
	setAttr ".man" -type "string" "top_mask";
	setAttr ".hc" -type "string" "viewSet -t %camera";
	setAttr ".o" yes;
createNode transform -n "UsdExportCameraTest";
	rename -uid "2D224860-0000-7214-5777-0D9200000252";
createNode transform -n "Cameras" -p "UsdExportCameraTest";
	rename -uid "09543860-0000-27F0-577C-0FEB0000027D";
createNode transform -n "OrthoCamStatic" -p "Cameras";
	rename -uid "09543860-0000-27F0-577C-100C0000027E";
	setAttr ".t" -type "double3" 0 0 5 ;
createNode camera -n "OrthoCamStaticShape" -p "OrthoCamStatic";
	rename -uid "09543860-0000-27F0-577C-100C0000027F";
	setAttr -k off ".v";
	setAttr ".rnd" no;
	setAttr ".cap" -type "double2" 1.3779527559055118 1.3779527559055118 ;
	setAttr ".ff" 0;
	setAttr ".fl" 50;
	setAttr ".ncp" 1;
	setAttr ".fcp" 100;
	setAttr ".fs" 8;
	setAttr ".dof" 1;
	setAttr ".ow" 11.905709188224801;
	setAttr ".imn" -type "string" "camera1";
	setAttr ".den" -type "string" "camera1_depth";
	setAttr ".man" -type "string" "camera1_mask";
	setAttr ".o" yes;
createNode transform -n "PerspCamStatic" -p "Cameras";
	rename -uid "09543860-0000-27F0-577C-0FDC0000027B";
	setAttr ".t" -type "double3" 0 -5 5 ;
	setAttr ".r" -type "double3" 45 0 0 ;
createNode camera -n "PerspCamStaticShape" -p "PerspCamStatic";
	rename -uid "09543860-0000-27F0-577C-0FDC0000027C";
	setAttr -k off ".v";
	setAttr ".rnd" no;
	setAttr ".cap" -type "double2" 1.4173228346456694 0.94488188976377963 ;
	setAttr ".ff" 0;
	setAttr ".fs" 11;
	setAttr ".dof" 1;
	setAttr ".coi" 4.3231467350246522;
	setAttr ".ow" 30;
	setAttr ".imn" -type "string" "camera1";
	setAttr ".den" -type "string" "camera1_depth";
	setAttr ".man" -type "string" "camera1_mask";
	setAttr ".tp" -type "double3" 0 0 0.5 ;
	setAttr ".dof" yes;
createNode transform -n "PerspCamNoDOF" -p "Cameras";
	rename -uid "6e7a3143-31a6-4765-a609-79f5d472fd11";
createNode camera -n "PerspCamNoDOFShape" -p "PerspCamNoDOF";
	rename -uid "deaa8052-674d-45ad-9623-ab1274d59c12";
	setAttr -k off ".v";
createNode transform -n "ViewCheck" -p "Cameras";
	rename -uid "07528900-0000-3C0A-5A2B-2AA3000002AE";
createNode transform -n "OrthographicCamera" -p "ViewCheck";
	rename -uid "760F8900-0000-65D2-5A2B-189700000257";
	setAttr ".t" -type "double3" 0 -20 0 ;
	setAttr ".r" -type "double3" 90 0 0 ;
	setAttr ".s" -type "double3" 0.99999999999999978 0.99999999999999978 0.99999999999999978 ;
createNode camera -n "OrthographicCameraShape" -p "OrthographicCamera";
	rename -uid "760F8900-0000-65D2-5A2B-189700000258";
	setAttr -k off ".v";
	setAttr ".rnd" no;
	setAttr ".cap" -type "double2" 1.41732 0.94488 ;
	setAttr ".ff" 0;
	setAttr ".dof" 1;
	setAttr ".ovr" 1.3;
	setAttr ".ow" 50;
	setAttr ".imn" -type "string" "camera1";
	setAttr ".den" -type "string" "camera1_depth";
	setAttr ".man" -type "string" "camera1_mask";
	setAttr ".dfg" yes;
	setAttr ".o" yes;
createNode transform -n "Geom" -p "UsdExportCameraTest";
	rename -uid "09543860-0000-27F0-577C-0FA50000027A";
createNode transform -n "OrthoCubes" -p "Geom";
	rename -uid "07528900-0000-3C0A-5A2B-2C9D0000032F";
createNode transform -n "CubeOrthoTopRight" -p "OrthoCubes";
	rename -uid "07528900-0000-3C0A-5A2B-2C4500000307";
	setAttr ".t" -type "double3" 22.5 0 22.5 ;
createNode mesh -n "CubeOrthoTopRightShape" -p "CubeOrthoTopRight";
	rename -uid "07528900-0000-3C0A-5A2B-2C4500000308";
	setAttr -k off ".v";
	setAttr ".vir" yes;
	setAttr ".vif" yes;
	setAttr ".uvst[0].uvsn" -type "string" "map1";
	setAttr -s 14 ".uvst[0].uvsp[0:13]" -type "float2" 0.375 0 0.625 0 0.375
		 0.25 0.625 0.25 0.375 0.5 0.625 0.5 0.375 0.75 0.625 0.75 0.375 1 0.625 1 0.875 0
		 0.875 0.25 0.125 0 0.125 0.25;
	setAttr ".cuvs" -type "string" "map1";
	setAttr ".dcc" -type "string" "Ambient+Diffuse";
	setAttr ".ds" no;
	setAttr ".covm[0]"  0 1 1;
	setAttr ".cdvm[0]"  0 1 1;
	setAttr -s 8 ".vt[0:7]"  -2.5 -2.5 2.5 2.5 -2.5 2.5 -2.5 2.5 2.5 2.5 2.5 2.5
		 -2.5 2.5 -2.5 2.5 2.5 -2.5 -2.5 -2.5 -2.5 2.5 -2.5 -2.5;
	setAttr -s 12 ".ed[0:11]"  0 1 0 2 3 0 4 5 0 6 7 0 0 2 0 1 3 0 2 4 0
		 3 5 0 4 6 0 5 7 0 6 0 0 7 1 0;
	setAttr -s 6 -ch 24 ".fc[0:5]" -type "polyFaces" 
		f 4 0 5 -2 -5
		mu 0 4 0 1 3 2
		f 4 1 7 -3 -7
		mu 0 4 2 3 5 4
		f 4 2 9 -4 -9
		mu 0 4 4 5 7 6
		f 4 3 11 -1 -11
		mu 0 4 6 7 9 8
		f 4 -12 -10 -8 -6
		mu 0 4 1 10 11 3
		f 4 10 4 6 8
		mu 0 4 12 0 2 13;
	setAttr ".cd" -type "dataPolyComponent" Index_Data Edge 0 ;
	setAttr ".cvd" -type "dataPolyComponent" Index_Data Vertex 0 ;
	setAttr ".pd[0]" -type "dataPolyComponent" Index_Data UV 0 ;
	setAttr ".hfd" -type "dataPolyComponent" Index_Data Face 0 ;
