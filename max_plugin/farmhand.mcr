-- Farmhand for 3ds Max: the toolbar button / menu action that opens the submitter.
macroScript SubmitWithFarmhand
    category:"Farmhand"
    buttonText:"Farmhand"
    toolTip:"Submit this scene to a render farm with Farmhand"
(
    python.Execute "import farmhand_max.panel; farmhand_max.panel.open_submitter()"
)
