using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using SummaryBot.Tests.Fixtures;
using Kind = Microsoft.Azure.Functions.Worker.Grpc.Messages.StreamingMessage.ContentOneofCase;

namespace SummaryBot.Functions.Tests.WorkerHost;

/// <summary>
/// Plays the Azure Functions host for the compiled SummaryBot.Functions worker: starts
/// <c>dotnet SummaryBot.Functions.dll</c> with the host's command line and the given app settings as
/// environment variables, serves the worker's gRPC stream, runs the handshake (StartStream,
/// WorkerInitRequest, FunctionsMetadataRequest, a FunctionLoadRequest per function) and then invokes
/// any function by name with the input data the host would send.
/// </summary>
public sealed class FunctionsWorkerHost : IAsyncDisposable
{
    public const string HostVersion = "4.1041.200";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DefaultInvocationTimeout = TimeSpan.FromSeconds(90);

    // Inherited settings that would make a test depend on the machine it runs on.
    private static readonly string[] InheritedPrefixesToDrop = ["Storage__", "ArticlesStorage", "Telegram__", "AzureOpenAI__", "AzureWebJobs", "APPLICATIONINSIGHTS_", "Logging__"];

    private readonly FunctionRpcServer _server;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Stopwatch _sinceStart;
    private readonly Dictionary<string, RpcFunctionMetadata> _functions = new(StringComparer.Ordinal);
    private TimeSpan? _firstAnswerAfter;

    private FunctionsWorkerHost(FunctionRpcServer server, Process process, Stopwatch sinceStart)
    {
        _server = server;
        _process = process;
        _sinceStart = sinceStart;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The worker's build output: what <c>func start</c> runs, and what the tests start.</summary>
    public static string WorkerDirectory { get; } = FindWorkerDirectory();

    /// <summary>The functions the worker declared and loaded, by name.</summary>
    public IReadOnlyDictionary<string, RpcFunctionMetadata> Functions => _functions;

    /// <summary>Every log the worker sent over the stream (its ILogger output, as the host receives it).</summary>
    public IReadOnlyCollection<RpcLog> Logs => _server.Stream.Logs;

    /// <summary>What the worker process printed (stdout and stderr).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>From the process start to the answer of its first invocation (the worker's cold start).</summary>
    public TimeSpan? FirstInvocationAnsweredAfter => _firstAnswerAfter;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a worker with <paramref name="appSettings"/> ("A:B" or "A__B" keys, as app settings) and loads its functions.</summary>
    public static async Task<FunctionsWorkerHost> StartAsync(IReadOnlyDictionary<string, string?> appSettings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appSettings);
        var server = await FunctionRpcServer.StartAsync();
        var sinceStart = Stopwatch.StartNew();
        var process = StartWorker(server.Uri, appSettings);
        var host = new FunctionsWorkerHost(server, process, sinceStart);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            await host.HandshakeAsync(timeout.Token);
            return host;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var output = host.Output;
            await host.DisposeAsync();
            throw new InvalidOperationException($"The worker did not start: {e.Message}\nWorker output:\n{output}", e);
        }
    }

    /// <summary>
    /// Invokes <paramref name="functionName"/> as the host does and returns the worker's answer
    /// (a failed function is a response with <see cref="StatusResult.Types.Status.Failure"/>, not an exception).
    /// </summary>
    public async Task<InvocationResponse> InvokeAsync(
        string functionName,
        IEnumerable<ParameterBinding> inputs,
        IReadOnlyDictionary<string, TypedData>? triggerMetadata = null,
        RetryContext? retryContext = null,
        TimeSpan? timeout = null)
    {
        if (!_functions.TryGetValue(functionName, out var function))
        {
            throw new ArgumentException($"The worker has no function {functionName}; it has {string.Join(", ", _functions.Keys)}.", nameof(functionName));
        }

        var invocationId = Guid.NewGuid().ToString();
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid():N}"[..52] + "-01", TraceState = string.Empty },
            RetryContext = retryContext,
        };
        request.InputData.AddRange(inputs);
        foreach (var (key, value) in triggerMetadata ?? new Dictionary<string, TypedData>())
        {
            request.TriggerMetadata[key] = value;
        }

        using var cancel = new CancellationTokenSource(timeout ?? DefaultInvocationTimeout);
        var answer = await _server.Stream.RequestAsync(
            new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = request },
            WorkerStream.Key(Kind.InvocationResponse, invocationId),
            cancel.Token);
        _firstAnswerAfter ??= _sinceStart.Elapsed;
        return answer.InvocationResponse;
    }

    /// <summary>Kills the worker process at once, as a crash or a scale-in would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        await _server.DisposeAsync();
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var started = await Task.WhenAny(_server.Stream.Started, exited);
        if (started == exited)
        {
            throw new InvalidOperationException($"The worker exited with code {_process.ExitCode} before it connected.");
        }

        await _server.Stream.Started.WaitAsync(cancellationToken);

        var init = new WorkerInitRequest { HostVersion = HostVersion, FunctionAppDirectory = WorkerDirectory, WorkerDirectory = WorkerDirectory };
        var initAnswer = await RequestAsync(new StreamingMessage { WorkerInitRequest = init }, Kind.WorkerInitResponse, cancellationToken);
        EnsureSuccess("WorkerInitRequest", initAnswer.WorkerInitResponse.Result);

        var metadataAnswer = await RequestAsync(
            new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = WorkerDirectory } },
            Kind.FunctionMetadataResponse,
            cancellationToken);
        var metadata = metadataAnswer.FunctionMetadataResponse;
        EnsureSuccess("FunctionsMetadataRequest", metadata.Result);
        if (metadata.UseDefaultMetadataIndexing)
        {
            throw new InvalidOperationException("The worker asked the host to index functions.metadata itself; SummaryBot's worker indexes its own functions.");
        }

        foreach (var function in metadata.FunctionMetadataResults)
        {
            if (string.IsNullOrEmpty(function.Directory))
            {
                function.Directory = WorkerDirectory;
            }

            var load = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function };
            var loadAnswer = await _server.Stream.RequestAsync(
                new StreamingMessage { RequestId = Guid.NewGuid().ToString(), FunctionLoadRequest = load },
                WorkerStream.Key(Kind.FunctionLoadResponse, function.FunctionId),
                cancellationToken);
            EnsureSuccess($"FunctionLoadRequest of {function.Name}", loadAnswer.FunctionLoadResponse.Result);
            _functions[function.Name] = function;
        }
    }

    private Task<StreamingMessage> RequestAsync(StreamingMessage message, Kind answer, CancellationToken cancellationToken)
    {
        message.RequestId = Guid.NewGuid().ToString();
        return _server.Stream.RequestAsync(message, WorkerStream.Key(answer), cancellationToken);
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static void EnsureSuccess(string step, StatusResult result)
    {
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"{step} failed: {result.Status} {result.Exception?.Message}\n{result.Exception?.StackTrace}");
        }
    }

    private static Process StartWorker(Uri hostUri, IReadOnlyDictionary<string, string?> appSettings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(WorkerDirectory, "SummaryBot.Functions.dll"),
                     "--functions-uri", hostUri.ToString(),
                     "--functions-worker-id", Guid.NewGuid().ToString(),
                     "--functions-request-id", Guid.NewGuid().ToString(),
                     "--functions-grpc-max-message-length", int.MaxValue.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(name => InheritedPrefixesToDrop.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = WorkerDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = WorkerDirectory;
        foreach (var (key, value) in appSettings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        return process;
    }

    private static string FindWorkerDirectory()
    {
        var configuration = typeof(FunctionsWorkerHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var directory = Path.Combine(AzuriteFixture.RepositoryRoot(), "src", "SummaryBot.Functions", "bin", configuration, "net10.0");
        if (!File.Exists(Path.Combine(directory, "SummaryBot.Functions.dll")))
        {
            throw new InvalidOperationException($"The worker is not built: {directory} has no SummaryBot.Functions.dll (build SummaryBot.Functions.Tests, which builds it).");
        }

        return directory;
    }
}
