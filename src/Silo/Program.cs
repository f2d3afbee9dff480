using Warning.Silo.Hosting;
using Warning.Silo.Replay;
using Warning.Silo.Synth;

if (args is ["replay", .. var rest]) return await ReplayCommand.Run(rest);
if (args is ["synth", .. var synthArgs]) return await SynthCommand.Run(synthArgs);
if (args is ["tune", .. var tuneArgs]) return await Warning.Silo.Tune.TuneCommand.Run(tuneArgs);
if (args is ["mosquitto-auth", .. var authArgs]) return await Warning.Silo.Credentials.MosquittoAuthCommand.Run(authArgs);
if (args is ["rabbitmq-auth", .. var rabbitArgs]) return await Warning.Silo.Credentials.RabbitAuthCommand.Run(rabbitArgs);
if (args is ["api-key", .. var keyArgs]) return await Warning.Silo.Credentials.ApiKeyCommand.Run(keyArgs);
if (args is ["areas", .. var areasArgs]) return await Warning.Silo.Areas.AreasImportCommand.Run(areasArgs);
if (args is ["credential", .. var credentialArgs]) return await Warning.Silo.Credentials.CredentialCommand.Run(credentialArgs);
await WarningHost.Build(args).RunAsync();
return 0;
