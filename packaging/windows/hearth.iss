; The Windows installer: dist\hearth (made by packaging\build-windows.ps1) installed per user into
; %LOCALAPPDATA%\Programs\Hearth (no administrator rights needed), with Start menu entries and an
; uninstaller. Built by the release workflow:
;   ISCC.exe /DHearthVersion=0.1.0 packaging\windows\hearth.iss
; Output: dist\hearth-<version>-windows-x64-setup.exe (signed afterwards when a certificate is set).

#ifndef HearthVersion
  #define HearthVersion "0.0.0"
#endif

[Setup]
AppId={{6F1C2A7E-4B1D-4C6B-9E55-2B8D6A0E7C31}
AppName=Hearth
AppVersion={#HearthVersion}
AppPublisher=Hearth
DefaultDirName={localappdata}\Programs\Hearth
DefaultGroupName=Hearth
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=hearth-{#HearthVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\hearth.ico
UninstallDisplayIcon={app}\hearth.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\hearth\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Hearth"; Filename: "{app}\hearth.exe"
Name: "{group}\{cm:UninstallProgram,Hearth}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Hearth"; Filename: "{app}\hearth.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\hearth.exe"; Description: "{cm:LaunchProgram,Hearth}"; Flags: nowait postinstall skipifsilent
