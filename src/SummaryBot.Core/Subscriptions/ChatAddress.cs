using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SummaryBot.Core.Subscriptions;

/// <summary>
/// Where one subscriber's messages go: a chat, or one forum topic of a supergroup
/// (<see cref="ThreadId"/> is the topic's <c>message_thread_id</c>). Chats without topics and the
/// General topic of a forum have no thread id, so everything stored before topics existed keeps
/// its meaning. Each address has its own subscriptions, ledger entries and digests; Telegram's
/// per-chat limits stay with <see cref="ChatId"/>.
/// </summary>
[JsonConverter(typeof(ChatAddressJsonConverter))]
public readonly record struct ChatAddress(long ChatId, int? ThreadId = null)
{
    /// <summary>A chat without a topic (lets every place that knew only chat ids keep passing them).</summary>
    public static implicit operator ChatAddress(long chatId) => new(chatId);

    public static ChatAddress FromInt64(long chatId) => new(chatId);

    /// <summary>
    /// The address in state paths: <c>-1001234</c>, or <c>-1001234~17</c> for topic 17. A chat without
    /// topics (and a forum's General topic) keeps the plain key it had before topics existed.
    /// </summary>
    public string Key => ThreadId is { } thread
        ? string.Create(CultureInfo.InvariantCulture, $"{ChatId}~{thread}")
        : ChatId.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Key;

    /// <summary>Reads a <see cref="Key"/> back (the last segment of a ledger path, say).</summary>
    public static bool TryParseKey(ReadOnlySpan<char> key, out ChatAddress address)
    {
        address = default;
        var tilde = key.IndexOf('~');
        if (!long.TryParse(tilde < 0 ? key : key[..tilde], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return false;
        }

        if (tilde < 0)
        {
            address = new ChatAddress(chatId);
            return true;
        }

        if (!int.TryParse(key[(tilde + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var threadId))
        {
            return false;
        }

        address = new ChatAddress(chatId, threadId);
        return true;
    }
}

/// <summary>
/// A chat without a topic is written as its plain id (as lists of chat ids were before topics), one
/// with a topic as <c>{"chatId": …, "threadId": …}</c>; both are read.
/// </summary>
public sealed class ChatAddressJsonConverter : JsonConverter<ChatAddress>
{
    public override ChatAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new ChatAddress(reader.GetInt64());
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A chat address is a chat id or an object with chatId and threadId.");
        }

        long? chatId = null;
        int? threadId = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "chatId", StringComparison.OrdinalIgnoreCase))
            {
                chatId = reader.GetInt64();
            }
            else if (string.Equals(name, "threadId", StringComparison.OrdinalIgnoreCase))
            {
                threadId = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
            }
            else
            {
                reader.Skip();
            }
        }

        return new ChatAddress(chatId ?? throw new JsonException("A chat address object needs a chatId."), threadId);
    }

    public override void Write(Utf8JsonWriter writer, ChatAddress value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.ThreadId is not { } threadId)
        {
            writer.WriteNumberValue(value.ChatId);
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("chatId", value.ChatId);
        writer.WriteNumber("threadId", threadId);
        writer.WriteEndObject();
    }
}
