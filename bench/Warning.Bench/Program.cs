using Warning.Bench;

return await BenchCommand.Run(args);
