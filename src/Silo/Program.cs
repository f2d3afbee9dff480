using Warning.Silo.Hosting;

await WarningHost.Build(args).RunAsync();
