using System.Text.Json;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Cli.Commands;

/// <summary>
/// <c>run --subscriptions FILE</c>: console-chat subscriptions from a JSON file
/// (<c>{"chats":[{"chatId":1,"topics":["Russia–North Korea"]}]}</c>), applied before the run.
/// Subscribing to a topic a chat already follows changes nothing, so the file can be reused.
/// </summary>
internal static class SubscriptionSeed
{
    public static async Task<bool> ApplyAsync(string path, SubscriptionService service, CancellationToken cancellationToken)
    {
        SeedFile? seed;
        try
        {
            seed = JsonSerializer.Deserialize<SeedFile>(await File.ReadAllBytesAsync(path, cancellationToken), SummaryBotJson.Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            Console.Error.WriteLine($"Cannot read subscriptions from {path}: {e.Message}");
            return false;
        }

        foreach (var chat in seed?.Chats ?? [])
        {
            foreach (var topic in chat.Topics ?? [])
            {
                var outcome = await service.SubscribeAsync(chat.ChatId, topic, ChatKind.Console, "console", cancellationToken);
                if (outcome.Status is SubscribeStatus.Invalid or SubscribeStatus.TooManyTopics)
                {
                    Console.Error.WriteLine($"Subscriptions file {path}: chat {chat.ChatId}, \"{topic}\": {outcome.Topic.Error ?? "too many topics"}");
                    return false;
                }
            }
        }

        return true;
    }

    private sealed record SeedFile(List<SeedChat>? Chats);

    private sealed record SeedChat(long ChatId, List<string>? Topics);
}
