using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace SummaryBot.Tests.Storage;

/// <summary>
/// Sits just before the HTTP transport and plays the faults it is given, one per attempt, before
/// letting attempts through to Azurite: <see cref="Fault.Hang"/> waits until the SDK's network
/// timeout cancels the attempt, <see cref="Fault.ServiceUnavailable"/> answers 503 without sending.
/// </summary>
internal sealed class FaultInjectionPolicy(params Fault[] faults) : HttpPipelinePolicy
{
    private readonly Queue<Fault> _faults = new(faults);
    private int _attempts;

    public int Attempts => _attempts;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _attempts);
        Fault? fault;
        lock (_faults)
        {
            fault = _faults.Count > 0 ? _faults.Dequeue() : null;
        }

        switch (fault)
        {
            case Fault.Hang:
                await Task.Delay(Timeout.Infinite, message.CancellationToken);
                break;
            case Fault.ServiceUnavailable:
                message.Response = new StatusResponse(503, "Service Unavailable");
                break;
            default:
                await ProcessNextAsync(message, pipeline);
                break;
        }
    }

    /// <summary>A bodiless response with only a status code.</summary>
    private sealed class StatusResponse(int status, string reason) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => reason;

        // The transport normally classifies responses; this one never reaches it.
        public override bool IsError => status >= 400;

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override string ClientRequestId { get; set; } = Guid.NewGuid().ToString();

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}

internal enum Fault
{
    Hang,
    ServiceUnavailable,
}
