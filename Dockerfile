# The engine image: build with the .NET SDK, run on the ASP.NET runtime.
#   docker build -t registry.example.org/warning/engine:latest .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV Api__Url=http://0.0.0.0:8080 Data__Dir=/data
EXPOSE 8080 11111 30000
VOLUME /data
ENTRYPOINT ["dotnet", "Warning.Silo.dll"]
