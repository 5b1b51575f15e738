using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Fixtures;

/// <summary>
/// A real Azurite (the blob and the queue services, in memory) on free loopback ports, started once
/// for all tests of the <see cref="AzuriteCollection"/> and killed with their process trees at the end. Azurite comes
/// from the npm package pinned in the repository's package.json: run <c>npm ci</c> at the repository
/// root first. A missing Azurite fails the tests; it never skips them.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The account name and key every Azurite accepts (documented, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _workspace = Path.Combine(Path.GetTempPath(), "sb-azurite-" + Guid.NewGuid().ToString("N"));
    private readonly List<Process> _processes = [];
    private readonly StringWriterLog _output = new();

    public int Port { get; private set; }

    public int QueuePort { get; private set; }

    /// <summary>A full connection string for this Azurite (the devstore key, the chosen ports).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{Port}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};";

    public BlobServiceClient ServiceClient => new(ConnectionString);

    /// <summary>A container name no other test uses (3-63 lowercase letters, digits, hyphens).</summary>
    public static string NewContainerName(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Storage options pointing at this Azurite with fresh, unique containers.</summary>
    public StorageOptions NewStorageOptions() => new()
    {
        ConnectionString = ConnectionString,
        ArticlesContainer = NewContainerName("articles"),
        StateContainer = NewContainerName("state"),
        Retry = new AzureRetryOptions { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(500), NetworkTimeout = TimeSpan.FromSeconds(20) },
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_workspace);
        Port = await StartAsync("azurite-blob", "--blobHost", "--blobPort", "--extentMemoryLimit", "512");
        QueuePort = await StartAsync("azurite-queue", "--queueHost", "--queuePort");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_workspace, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>Starts one Azurite service on a free port and waits until it listens.</summary>
    private async Task<int> StartAsync(string service, string hostOption, string portOption, params string[] extra)
    {
        var root = RepositoryRoot();
        var launcher = Path.Combine(root, "node_modules", ".bin", OperatingSystem.IsWindows() ? service + ".cmd" : service);
        if (!File.Exists(launcher))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({launcher} is missing). Run 'npm ci' in {root} before the tests: the Azure Storage tests need it.");
        }

        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(launcher)
        {
            WorkingDirectory = _workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { hostOption, "127.0.0.1", portOption, port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence" }
                     .Concat(extra)
                     .Concat(["--skipApiVersionCheck", "--silent", "--loose", "--disableTelemetry"]))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {launcher}.");
        _processes.Add(process);
        process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AnswersAsync(port))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{service} exited with code {process.ExitCode} before it listened on port {port}: {_output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{service} did not listen on port {port} within {StartTimeout.TotalSeconds} s: {_output}");
            }

            await Task.Delay(100);
        }

        return port;
    }

    /// <summary>The repository root: the first folder above the test binary with package.json and SummaryBot.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "SummaryBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (package.json beside SummaryBot.sln) above {AppContext.BaseDirectory}.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Azurite's console output, kept for the failure message when it does not start.</summary>
    private sealed class StringWriterLog
    {
        private readonly System.Text.StringBuilder _text = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_text)
            {
                if (_text.Length < 4000)
                {
                    _text.AppendLine(line);
                }
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
