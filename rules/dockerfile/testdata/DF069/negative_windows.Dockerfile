FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest -Uri https://example.com/x.zip -OutFile C:\x.zip
RUN Expand-Archive C:\x.zip C:\x
