using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace SummaryBot.Functions.Tests.WorkerHost;

/// <summary>What the host did with a message once the function had run (or instead of running it).</summary>
public enum QueueDisposition
{
    /// <summary>The invocation succeeded: the message is deleted.</summary>
    Deleted,

    /// <summary>The invocation failed below the max dequeue count: visible again after host.json's visibilityTimeout.</summary>
    Released,

    /// <summary>The invocation failed at the max dequeue count, or the message came in above it: copied to the poison queue and deleted.</summary>
    MovedToPoison,

    /// <summary>A failed message of a queue without a poison queue (a poison queue itself): left hidden until its receive visibility ends.</summary>
    LeftHidden,
}

/// <summary>One message the listener received, the worker's answer (none when it was not invoked) and what became of the message.</summary>
public sealed record QueueInvocation(QueueMessage Message, InvocationResponse? Response, QueueDisposition Disposition)
{
    public DeliveryJobView Job => DeliveryJobView.Parse(Message.Body);
}

/// <summary>The fields of a delivery job a test looks at (read without Core, as any queue reader would).</summary>
public sealed record DeliveryJobView(long ChatId, string StoryId, string ArticleName, int Attempt)
{
    public static DeliveryJobView Parse(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var json = JsonDocument.Parse(body.ToMemory());
        var root = json.RootElement;
        return new DeliveryJobView(
            root.GetProperty("chatId").GetInt64(),
            root.GetProperty("storyId").GetString()!,
            root.GetProperty("articleName").GetString()!,
            root.TryGetProperty("attempt", out var attempt) ? attempt.GetInt32() : 0);
    }
}

/// <summary>
/// Plays the host's queue listener (the Storage Queues extension) for one queue-triggered function
/// of the worker, against the real queue in Azurite: receives a batch of visible messages, hidden for
/// the listener's ten minutes, invokes the function once per message (all of a batch at once) with the
/// message and its trigger metadata, then settles each message as the extension's
/// <c>QueueProcessor</c> does (Azure/azure-sdk-for-net): success deletes it; a failure below
/// <c>maxDequeueCount</c> makes it visible again after host.json's <c>visibilityTimeout</c>; a failure
/// at <c>maxDequeueCount</c>, or a message received with a dequeue count above it (earlier holders
/// crashed), is added to <c>{queue}-poison</c> (its body only, a new message) and deleted. A queue
/// whose name ends in <c>-poison</c> has no poison queue of its own: a failed message there stays
/// hidden. The queue name and connection come from the function's metadata, resolved against the
/// app settings.
/// </summary>
public sealed class QueueTriggerListener
{
    private readonly FunctionsWorkerHost _worker;
    private readonly string _functionName;
    private readonly string _bindingName;

    private QueueTriggerListener(FunctionsWorkerHost worker, string functionName, string bindingName, QueueClient queue, QueueClient? poisonQueue, HostQueueSettings settings)
    {
        _worker = worker;
        _functionName = functionName;
        _bindingName = bindingName;
        Queue = queue;
        PoisonQueue = poisonQueue;
        Settings = settings;
        ReleaseVisibility = settings.VisibilityTimeout;
    }

    public QueueClient Queue { get; }

    /// <summary>Null for a queue that has none (a poison queue).</summary>
    public QueueClient? PoisonQueue { get; }

    public HostQueueSettings Settings { get; }

    /// <summary>How long a failed message stays hidden before its next try: host.json's
    /// <c>visibilityTimeout</c>, which a test may shorten so as not to wait it out.</summary>
    public TimeSpan ReleaseVisibility { get; set; }

    public static QueueTriggerListener For(FunctionsWorkerHost worker, string functionName, IReadOnlyDictionary<string, string?> appSettings)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(appSettings);
        var trigger = worker.Functions[functionName].RawBindings
            .Select(json => JsonDocument.Parse(json).RootElement)
            .Single(binding => binding.GetProperty("type").GetString() == "queueTrigger");
        var queueName = Resolve(trigger.GetProperty("queueName").GetString()!, appSettings);
        var connection = appSettings[trigger.GetProperty("connection").GetString()!]
            ?? throw new InvalidOperationException($"The app settings have no connection {trigger.GetProperty("connection").GetString()}.");
        var settings = HostQueueSettings.Load(FunctionsWorkerHost.WorkerDirectory);
        var options = new QueueClientOptions { MessageEncoding = settings.MessageEncoding };
        var poisonName = queueName + "-poison";
        var hasPoison = !queueName.EndsWith("-poison", StringComparison.OrdinalIgnoreCase) && poisonName.Length <= 63;
        return new QueueTriggerListener(
            worker,
            functionName,
            trigger.GetProperty("name").GetString()!,
            new QueueClient(connection, queueName, options),
            hasPoison ? new QueueClient(connection, poisonName, options) : null,
            settings);
    }

    /// <summary>One poll: receives up to host.json's batch size of visible messages and runs the function on each.</summary>
    public async Task<IReadOnlyList<QueueInvocation>> PollAsync()
    {
        await Queue.CreateIfNotExistsAsync();
        var received = (await Queue.ReceiveMessagesAsync(Settings.BatchSize, HostQueueSettings.ReceiveVisibility)).Value;
        return await Task.WhenAll(received.Select(ProcessAsync));
    }

    /// <summary>Polls until a poll finds no visible message; returns every invocation. A job put back
    /// with a short delay may come back within the drain: use <see cref="PollAsync"/> to see one pass.</summary>
    public async Task<IReadOnlyList<QueueInvocation>> DrainAsync()
    {
        var all = new List<QueueInvocation>();
        while (await PollAsync() is { Count: > 0 } batch)
        {
            all.AddRange(batch);
        }

        return all;
    }

    /// <summary>
    /// Receives the visible messages and lets them go without settling them, as an instance that dies
    /// while its invocations run: each comes back after <paramref name="visibility"/> with its dequeue
    /// count one higher.
    /// </summary>
    public async Task<int> AbandonAsync(TimeSpan visibility)
    {
        await Queue.CreateIfNotExistsAsync();
        return (await Queue.ReceiveMessagesAsync(Settings.BatchSize, visibility)).Value.Length;
    }

    /// <summary>Waits (real time, bounded) until a message of the queue is visible.</summary>
    public async Task WaitUntilVisibleAsync(TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while ((await Queue.PeekMessagesAsync(1)).Value.Length == 0)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"No message of {Queue.Name} became visible within {timeout}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Invokes the function with <paramref name="message"/> as the host does, leaving the message as it is.</summary>
    public Task<InvocationResponse> InvokeAsync(QueueMessage message) =>
        _worker.InvokeAsync(
            _functionName,
            [TriggerData.Input(_bindingName, TriggerData.QueueMessageReference(message))],
            TriggerData.QueueMetadata(message));

    private async Task<QueueInvocation> ProcessAsync(QueueMessage message)
    {
        if (message.DequeueCount > Settings.MaxDequeueCount)
        {
            return new QueueInvocation(message, null, await PoisonAsync(message));
        }

        var response = await InvokeAsync(message);
        if (response.Result.Status == StatusResult.Types.Status.Success)
        {
            await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            return new QueueInvocation(message, response, QueueDisposition.Deleted);
        }

        if (PoisonQueue is null)
        {
            return new QueueInvocation(message, response, QueueDisposition.LeftHidden);
        }

        if (message.DequeueCount >= Settings.MaxDequeueCount)
        {
            return new QueueInvocation(message, response, await PoisonAsync(message));
        }

        await Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: ReleaseVisibility);
        return new QueueInvocation(message, response, QueueDisposition.Released);
    }

    private async Task<QueueDisposition> PoisonAsync(QueueMessage message)
    {
        if (PoisonQueue is null)
        {
            return QueueDisposition.LeftHidden;
        }

        await PoisonQueue.CreateIfNotExistsAsync();
        await PoisonQueue.SendMessageAsync(message.Body);
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        return QueueDisposition.MovedToPoison;
    }

    private static string Resolve(string expression, IReadOnlyDictionary<string, string?> appSettings)
    {
        var start = expression.IndexOf('%', StringComparison.Ordinal);
        if (start < 0)
        {
            return expression;
        }

        var end = expression.IndexOf('%', start + 1);
        var key = expression[(start + 1)..end];
        var value = appSettings.TryGetValue(key, out var found) && found is not null
            ? found
            : throw new InvalidOperationException($"The app settings have no {key} for {expression}.");
        return Resolve(expression[..start] + value + expression[(end + 1)..], appSettings);
    }
}
