using System.CommandLine;
using SummaryBot.Cli;

try
{
    return await SummaryBotCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is not OperationCanceledException)
{
    // Whatever a command did not expect (an unwritable state folder, say): one line, no stack trace.
    Console.Error.WriteLine($"Error: {CliErrors.Describe(e)}");
    return 1;
}
