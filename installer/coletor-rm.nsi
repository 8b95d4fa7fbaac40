; Per-user Windows installer of the Coletor de Diagnóstico RM (SPEC §8): never asks for administrator
; rights (an elevated app loses drag and drop from Explorer), installs the frozen onedir app (both
; executables) under the user's own programs folder, a Start menu entry, an uninstaller listed in the
; user's "Apps", and, when the company ships one, its portal profile where the app looks for it.
;
; Build (on Linux with Debian's nsis package, or on Windows with NSIS 3):
;   makensis -DPAYLOAD=dist/ColetorRM -DVERSION=0.1.0 [-DPORTAL_PROFILE=portal.json] [-DWITH_TRAY] \
;            -DOUTFILE=dist/ColetorRM-0.1.0-win64.exe installer/coletor-rm.nsi
; PAYLOAD is PyInstaller's dist/ColetorRM folder (collector.exe, ColetorRM.exe, _internal\, LICENSE,
; THIRD_PARTY_LICENSES.md). WITH_TRAY offers "start with the session" (ColetorRM.exe --tray): only for a
; build whose app has the tray icon. Sign the executables before and the installer after (README).
;
; Facts relied on (NSIS 3 manual, https://nsis.sourceforge.io/Docs/): "RequestExecutionLevel user" runs
; without elevation; with "SetShellVarContext current", $SMPROGRAMS and $LOCALAPPDATA are the user's.
; Windows lists per-user uninstallers from HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall and
; starts per-user programs from HKCU\...\CurrentVersion\Run (learn.microsoft.com, "Uninstall Registry
; Key" and "Run and RunOnce Registry Keys"). The app keeps per-user state in
; platformdirs.user_data_dir("ColetorRM", roaming=False) = %LOCALAPPDATA%\ColetorRM (collector/core/paths.py),
; where a settings-folder portal.json is read (collector.portal.profile).

Unicode true
!include "MUI2.nsh"
!include "LogicLib.nsh"

!ifndef PAYLOAD
  !error "defina -DPAYLOAD=<pasta dist/ColetorRM do PyInstaller>"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "ColetorRM-${VERSION}-win64.exe"
!endif

!define APP "ColetorRM"
!define APP_NAME "Coletor de Diagnóstico RM"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\${APP}" "InstallDir"
SetCompressor /SOLID lzma
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} — instalador"
VIAddVersionKey /LANG=0 "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\ColetorRM.exe"
!insertmacro MUI_PAGE_LICENSE "${PAYLOAD}\LICENSE"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "PortugueseBR"
!insertmacro MUI_LANGUAGE "English"

LangString SEC_APP ${LANG_PORTUGUESEBR} "Coletor de Diagnóstico RM"
LangString SEC_APP ${LANG_ENGLISH} "RM Diagnostic Collector"
LangString SEC_APP_DESC ${LANG_PORTUGUESEBR} "O assistente, a linha de comando e o atalho no menu Iniciar."
LangString SEC_APP_DESC ${LANG_ENGLISH} "The wizard, the command line and the Start menu entry."
LangString SEC_TRAY ${LANG_PORTUGUESEBR} "Iniciar com o Windows (ícone na bandeja)"
LangString SEC_TRAY ${LANG_ENGLISH} "Start with Windows (tray icon)"
LangString SEC_TRAY_DESC ${LANG_PORTUGUESEBR} "Abre o ícone da bandeja ao entrar no Windows."
LangString SEC_TRAY_DESC ${LANG_ENGLISH} "Opens the tray icon when you sign in to Windows."
LangString APP_DISPLAY ${LANG_PORTUGUESEBR} "Coletor de Diagnóstico RM"
LangString APP_DISPLAY ${LANG_ENGLISH} "RM Diagnostic Collector"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "!$(SEC_APP)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
!ifdef PORTAL_PROFILE
  ; the company's portal profile, in the settings folder the app reads; a user's own is kept
  CreateDirectory "$LOCALAPPDATA\${APP}"
  ${IfNot} ${FileExists} "$LOCALAPPDATA\${APP}\portal.json"
    SetOutPath "$LOCALAPPDATA\${APP}"
    File "/oname=portal.json" "${PORTAL_PROFILE}"
    SetOutPath "$INSTDIR"
  ${EndIf}
!endif
  CreateShortcut "$SMPROGRAMS\$(APP_DISPLAY).lnk" "$INSTDIR\ColetorRM.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "$(APP_DISPLAY)"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\ColetorRM.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

!ifdef WITH_TRAY
Section /o "$(SEC_TRAY)" SecTray
  WriteRegStr HKCU "${RUN_KEY}" "${APP}" '"$INSTDIR\ColetorRM.exe" --tray'
SectionEnd
!endif

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} $(SEC_APP_DESC)
!ifdef WITH_TRAY
  !insertmacro MUI_DESCRIPTION_TEXT ${SecTray} $(SEC_TRAY_DESC)
!endif
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
  DeleteRegValue HKCU "${RUN_KEY}" "${APP}"
  Delete "$SMPROGRAMS\$(APP_DISPLAY).lnk"
  ; the user's state (%LOCALAPPDATA%\ColetorRM: outbox, settings, portal profile) stays: it may hold
  ; tickets not yet delivered
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\collector.exe"
  Delete "$INSTDIR\ColetorRM.exe"
  Delete "$INSTDIR\LICENSE"
  Delete "$INSTDIR\THIRD_PARTY_LICENSES.md"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP}"
SectionEnd
