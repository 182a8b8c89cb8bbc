using Raif.Cli;

return await CliApp.RunAsync(args);
