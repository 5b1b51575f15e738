using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace SummaryBot.Functions.Tests.WorkerHost;

/// <summary>
/// The Functions host's gRPC endpoint: Kestrel with HTTP/2 without TLS (h2c) on a free loopback
/// port, serving <c>FunctionRpc.EventStream</c> for one worker.
/// </summary>
internal sealed class FunctionRpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FunctionRpcServer(WebApplication app, WorkerStream stream, Uri uri)
    {
        _app = app;
        Stream = stream;
        Uri = uri;
    }

    public WorkerStream Stream { get; }

    public Uri Uri { get; }

    public static async Task<FunctionRpcServer> StartAsync()
    {
        var stream = new WorkerStream();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = null;
            options.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(stream);
        var app = builder.Build();
        app.MapGrpcService<EventStreamService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FunctionRpcServer(app, stream, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class EventStreamService(WorkerStream stream) : FunctionRpc.FunctionRpcBase
    {
        public override Task EventStream(
            IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
            stream.ServeAsync(requestStream, responseStream, context.CancellationToken);
    }
}
