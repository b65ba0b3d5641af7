FROM mcr.microsoft.com/windows/servercore:ltsc2022
CMD powershell -File C:\\start.ps1
