; 劳务品牌申报助手 — Windows installer, compiled offline by makensis (scripts/build-windows.sh).
; Per-user install without administrator rights; Chinese UI; the user's drafts live in
; %APPDATA%\Lianyungang\LabourBrand and are never touched by install, upgrade or uninstall.
;
; Defines (makensis -D…): VERSION, SRCDIR (folder with the files to install), OUTFILE,
; optional WEBVIEW2 (path to Microsoft's standalone WebView2 runtime installer, embedded and run
; silently when the runtime is missing).

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!define PRODUCT "劳务品牌申报助手"
!define EXE "labour-brand-app.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\cn.lianyungang.labourbrand"
!define WV2KEY "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "© 2026 ${PRODUCT}"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${SRCDIR}\icon.ico"
!define MUI_UNICON "${SRCDIR}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即打开${PRODUCT}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Var WebView2Version

; Reads the WebView2 runtime's version (machine 64/32-bit view, then the user's); "" if none.
!macro ReadWebView2 OUT
  ReadRegStr ${OUT} HKLM "SOFTWARE\WOW6432Node\${WV2KEY}" "pv"
  ${If} ${OUT} == ""
  ${OrIf} ${OUT} == "0.0.0.0"
    ReadRegStr ${OUT} HKLM "SOFTWARE\${WV2KEY}" "pv"
  ${EndIf}
  ${If} ${OUT} == ""
  ${OrIf} ${OUT} == "0.0.0.0"
    ReadRegStr ${OUT} HKCU "Software\${WV2KEY}" "pv"
  ${EndIf}
  ${If} ${OUT} == "0.0.0.0"
    StrCpy ${OUT} ""
  ${EndIf}
!macroend

Section "${PRODUCT}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program files only; drafts are in %APPDATA%, not here.
  File "${SRCDIR}\${EXE}"
  File "${SRCDIR}\WebView2Loader.dll"
  File "${SRCDIR}\labour-brand.exe"
  File "${SRCDIR}\icon.ico"
  File "${SRCDIR}\README.txt"
  ; The body font, one copy for the window and the CLI (they look for it in fonts\ beside them).
  SetOutPath "$INSTDIR\fonts"
  File "${SRCDIR}\fonts\NotoSerifSC-Regular-GBK.ttf"
  File "${SRCDIR}\fonts\OFL.txt"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\icon.ico"
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\icon.ico"

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\icon.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1

  ; The window needs Microsoft's WebView2 runtime (Windows 11 and updated Windows 10 have it).
  !insertmacro ReadWebView2 $WebView2Version
  ${If} $WebView2Version == ""
!ifdef WEBVIEW2
    DetailPrint "正在安装 Microsoft Edge WebView2 运行时（离线安装包）…"
    File "/oname=$PLUGINSDIR\MicrosoftEdgeWebView2RuntimeInstaller.exe" "${WEBVIEW2}"
    ExecWait '"$PLUGINSDIR\MicrosoftEdgeWebView2RuntimeInstaller.exe" /silent /install' $0
    !insertmacro ReadWebView2 $WebView2Version
    ${If} $WebView2Version == ""
      MessageBox MB_ICONEXCLAMATION|MB_OK "WebView2 运行时没有安装成功（返回码 $0）。$\r$\n$\r$\n请以管理员身份运行安装程序，或请电脑管理员安装“Microsoft Edge WebView2 运行时”，然后再打开${PRODUCT}。" /SD IDOK
    ${EndIf}
!else
    DetailPrint "未找到 Microsoft Edge WebView2 运行时"
    MessageBox MB_ICONINFORMATION|MB_OK "这台电脑还没有安装 Microsoft Edge WebView2 运行时，${PRODUCT}需要它来显示窗口。$\r$\n$\r$\n本软件已安装完毕。请再安装“WebView2 运行时”：来自微软官方网站 https://developer.microsoft.com/microsoft-edge/webview2/ 的“常青版独立安装程序 x64”（可在有网络的电脑上下载后拷贝过来），或请单位的电脑管理员安装。之后即可打开本软件。$\r$\n$\r$\n(Windows 11 和已更新的 Windows 10 通常已自带。)" /SD IDOK
!endif
  ${Else}
    DetailPrint "已找到 WebView2 运行时 $WebView2Version"
  ${EndIf}
SectionEnd

Function .onInit
  InitPluginsDir
FunctionEnd

Section "Uninstall"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\labour-brand.exe"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\fonts\NotoSerifSC-Regular-GBK.ttf"
  Delete "$INSTDIR\fonts\OFL.txt"
  RMDir "$INSTDIR\fonts"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DetailPrint "草稿保留在 $APPDATA\Lianyungang\LabourBrand"
  MessageBox MB_ICONINFORMATION|MB_OK "${PRODUCT}已卸载。$\r$\n$\r$\n您的草稿没有删除，仍保存在：$\r$\n$APPDATA\Lianyungang\LabourBrand$\r$\n重新安装后即可继续使用；如确实不再需要，可以手动删除该文件夹。" /SD IDOK
SectionEnd
