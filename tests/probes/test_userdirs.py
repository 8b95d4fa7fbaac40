from pathlib import Path

from collector.probes.userdirs import UserFolder, user_folders


def _getters(desktop, documents, downloads, temp):
    return [("Área de Trabalho", lambda: str(desktop), 1), ("Documentos", lambda: str(documents), 1),
            ("Downloads", lambda: str(downloads), 1), ("Temp", lambda: str(temp), 0)]


def test_known_folders_then_onedrive_and_profile_leftovers(tmp_path):
    home = tmp_path / "home"
    onedrive = tmp_path / "OneDrive - Empresa"
    for p in (onedrive / "Área de Trabalho", onedrive / "Documentos", home / "Desktop", home / "Downloads",
              tmp_path / "temp"):
        p.mkdir(parents=True)
    # OneDrive moved Desktop and Documents: the shell answers with the OneDrive folders
    getters = _getters(onedrive / "Área de Trabalho", onedrive / "Documentos", home / "Downloads", tmp_path / "temp")
    folders = user_folders(env={"OneDriveCommercial": str(onedrive)}, home=home, getters=getters)
    assert folders == [
        UserFolder("Área de Trabalho", onedrive / "Área de Trabalho", 1),
        UserFolder("Documentos", onedrive / "Documentos", 1),
        UserFolder("Downloads", home / "Downloads", 1),
        UserFolder("Temp", tmp_path / "temp", 0),
        UserFolder("Área de Trabalho", home / "Desktop", 1),   # files saved before the move stay here
    ]


def test_onedrive_roots_found_from_the_environment(tmp_path):
    onedrive = tmp_path / "OneDrive"
    (onedrive / "Desktop").mkdir(parents=True)
    folders = user_folders(env={"OneDrive": str(onedrive)}, home=tmp_path / "nohome", getters=[])
    assert folders == [UserFolder("Área de Trabalho (OneDrive)", onedrive / "Desktop", 1)]


def test_missing_and_failing_folders_are_left_out(tmp_path):
    def broken():
        raise KeyError("USERPROFILE")

    getters = [("Área de Trabalho", broken, 1), ("Documentos", lambda: str(tmp_path / "none"), 1),
               ("Temp", lambda: str(tmp_path), 0)]
    assert user_folders(env={}, home=tmp_path / "nohome", getters=getters) == [UserFolder("Temp", tmp_path, 0)]


def test_the_real_platform_folders_exist_when_returned():
    for folder in user_folders():
        assert isinstance(folder, UserFolder)
        assert Path(folder.path).is_dir()
    assert any(f.label == "Temp" for f in user_folders())
