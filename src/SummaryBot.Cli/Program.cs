using SummaryBot.Cli;

return await SummaryBotCommandLine.Create().Parse(args).InvokeAsync();
