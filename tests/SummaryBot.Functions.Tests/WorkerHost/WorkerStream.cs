using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace SummaryBot.Functions.Tests.WorkerHost;

/// <summary>
/// The host's end of one worker's <c>FunctionRpc.EventStream</c>: one writer loop (a gRPC stream
/// takes one write at a time), one reader loop that hands each answer to whoever waits for it, and
/// every <see cref="RpcLog"/> the worker sends.
/// </summary>
internal sealed class WorkerStream
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _waiting = new();
    private readonly ConcurrentQueue<RpcLog> _logs = new();
    private readonly TaskCompletionSource<StartStream> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<StartStream> Started => _started.Task;

    /// <summary>Completes when the worker's stream ends (the process exited or hung up).</summary>
    public Task Closed => _closed.Task;

    public IReadOnlyCollection<RpcLog> Logs => _logs;

    /// <summary>Serves the stream until the worker closes it; called by the gRPC service.</summary>
    public async Task ServeAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        var writer = Task.Run(async () =>
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                await responses.WriteAsync(message, cancellationToken);
            }
        }, cancellationToken);

        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                Dispatch(requests.Current);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            // The worker went away (killed in a crash test, or disposed): waiters fail below.
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            foreach (var waiter in _waiting.Values)
            {
                waiter.TrySetException(new IOException("The worker closed its stream before it answered."));
            }

            _started.TrySetException(new IOException("The worker closed its stream before StartStream."));
            _closed.TrySetResult();
        }

        await writer.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Sends <paramref name="message"/> and waits for the answer filed under <paramref name="answerKey"/>.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage message, string answerKey, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiting.TryAdd(answerKey, answer))
        {
            throw new InvalidOperationException($"A request with key {answerKey} is already waiting.");
        }

        try
        {
            if (!_outgoing.Writer.TryWrite(message))
            {
                throw new IOException("The worker's stream is closed.");
            }

            return await answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _waiting.TryRemove(answerKey, out _);
        }
    }

    /// <summary>The key an answer is filed under: the message kind, and the function or invocation it is about.</summary>
    public static string Key(StreamingMessage.ContentOneofCase kind, string? id = null) => id is null ? kind.ToString() : $"{kind}:{id}";

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _started.TrySetResult(message.StartStream);
                return;
            case StreamingMessage.ContentOneofCase.RpcLog:
                _logs.Enqueue(message.RpcLog);
                return;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                Complete(Key(message.ContentCase, message.FunctionLoadResponse.FunctionId), message);
                return;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                Complete(Key(message.ContentCase, message.InvocationResponse.InvocationId), message);
                return;
            default:
                Complete(Key(message.ContentCase), message);
                return;
        }
    }

    private void Complete(string key, StreamingMessage message)
    {
        if (_waiting.TryGetValue(key, out var waiter))
        {
            waiter.TrySetResult(message);
        }
    }
}
