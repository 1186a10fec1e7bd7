# The Tiketi edge (API + Socket.IO) as one image; docker-compose.yml runs three of them behind nginx.
# Build: docker build -t tiketi-edge .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props ./
COPY src/ src/
RUN dotnet publish src/Tiketi.Edge -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://0.0.0.0:3001 \
    DOTNET_NOLOGO=1
EXPOSE 3001
# SIGTERM (docker stop) is a graceful shutdown: transports are closed so clients reconnect to
# another edge, in-flight requests finish within 10 s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "Tiketi.Edge.dll"]
