using System.Diagnostics;

namespace SummaryBot.Tests.Cli;

/// <summary>Runs the real <c>summarybot</c> executable (built next to the tests) in its own process.</summary>
public static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static Task<Outcome> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs the CLI with these environment variables set (<c>Logging__LogLevel__Default</c>, say).</summary>
    public static async Task<Outcome> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var running = Start(workingDirectory, environment, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await running.Process.WaitForExitAsync(timeout.Token);
        return await running.OutcomeAsync();
    }

    /// <summary>Starts the executable and collects its output; the caller waits for it or kills it.</summary>
    public static Running Start(string workingDirectory, params string[] args) =>
        Start(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts the executable with extra environment variables (configuration keys with <c>__</c>).</summary>
    public static Running Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "summarybot.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Keep the child's configuration to what the test passes.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Storage__", StringComparison.Ordinal) || k.StartsWith("Telegram__", StringComparison.Ordinal) || k.StartsWith("AzureOpenAI__", StringComparison.Ordinal) ||
            k.StartsWith("Logging__", StringComparison.Ordinal) || k.StartsWith("Inbox__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new Running(Process.Start(start)!);
    }

    /// <summary>A started executable whose output is being read.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Task<string> _output;
        private readonly Task<string> _error;

        internal Running(Process process)
        {
            Process = process;
            _output = process.StandardOutput.ReadToEndAsync();
            _error = process.StandardError.ReadToEndAsync();
        }

        public Process Process { get; }

        /// <summary>Exit code and everything it printed; call once it has exited.</summary>
        public async Task<Outcome> OutcomeAsync() => new(Process.ExitCode, await _output, await _error);

        public void Dispose() => Process.Dispose();
    }
}
