using System.Text.Json;
using SummaryBot.Core.Delivery.Digests;

namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>
/// What one outbox message asks for: a delivery job (tell a chat about a story), a fan-out (many
/// delivery jobs written as one message, expanded by the sender) or a digest job (send a chat the
/// digest of one slot). Exactly one of the three is set.
/// </summary>
public sealed record OutboxWork(DeliveryJob? Job, DeliveryFanOut? FanOut, DigestJob? Digest)
{
    /// <summary>Attempts made through earlier copies of the message (see <see cref="DeliveryJob.Attempt"/>).</summary>
    public int Attempt => Job?.Attempt ?? Digest?.Attempt ?? 0;

    /// <summary>The message for a copy of this work that carries <paramref name="attempt"/> as its attempts so far.</summary>
    public BinaryData WithAttempt(int attempt) =>
        Digest is { } digest ? (digest with { Attempt = attempt }).ToBinary()
        : Job is { } job ? (job with { Attempt = attempt }).ToBinary()
        : FanOut!.ToBinary();

    /// <summary>Reads a message body; a fan-out has a <c>fanOut</c> property, a digest job a <c>digest</c> property.</summary>
    /// <exception cref="JsonException">The body is not one of the three.</exception>
    public static OutboxWork Parse(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using (var document = JsonDocument.Parse(body.ToMemory()))
        {
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("fanOut", out _))
                {
                    return new OutboxWork(null, Storage.SummaryBotJson.Deserialize<DeliveryFanOut>(body), null);
                }

                if (document.RootElement.TryGetProperty("digest", out _))
                {
                    return new OutboxWork(null, null, DigestJob.FromBinary(body));
                }
            }
        }

        return new OutboxWork(DeliveryJob.FromBinary(body), null, null);
    }
}
