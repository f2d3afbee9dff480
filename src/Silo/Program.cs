using Warning.Silo.Hosting;
using Warning.Silo.Replay;

if (args is ["replay", .. var rest]) return await ReplayCommand.Run(rest);
await WarningHost.Build(args).RunAsync();
return 0;
