FROM mcr.microsoft.com/windows/servercore:ltsc2022
# want +1 "DF069"
RUN powershell -command Invoke-WebRequest -Uri https://example.com/x.zip -OutFile C:\x.zip
# want +1 "DF069"
RUN PowerShell.exe -NoProfile -Command Expand-Archive C:\x.zip C:\x
RUN powershell C:\setup.ps1
