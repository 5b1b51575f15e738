using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Delivery;

/// <summary>
/// The local outbox: prints each message readably. Message ids are unique across runs so that an
/// "edit" in a later run refers to the right alert.
/// </summary>
public sealed class ConsoleOutbox(TextWriter writer, TimeProvider timeProvider) : IOutbox
{
    private readonly Lock _gate = new();
    private long _lastId = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    public ConsoleOutbox(TimeProvider timeProvider)
        : this(Console.Out, timeProvider)
    {
    }

    public Task<long> SendAsync(ChatAddress chat, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        long id;
        lock (_gate)
        {
            id = ++_lastId;
            var where = chat.ThreadId is { } thread ? $"chat {chat.ChatId}, topic {thread}" : $"chat {chat.ChatId}";
            Write($"── message {id} to {where}{(message.Silent ? " (silent)" : string.Empty)} ──", message);
        }

        return Task.FromResult(id);
    }

    public Task EditAsync(ChatAddress chat, long messageId, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            Write($"── message {messageId} in chat {chat.ChatId} edited ──", message);
        }

        return Task.CompletedTask;
    }

    private void Write(string header, OutboxMessage message)
    {
        writer.WriteLine(header);
        writer.WriteLine(HtmlText.ToPlainText(message.Html));
        foreach (var button in message.Buttons)
        {
            writer.WriteLine($"[{button.Text}]");
        }

        writer.WriteLine();
        writer.Flush();
    }
}
