using System.Security.Cryptography;
using System.Text;

namespace SummaryBot.Core.Subscriptions;

/// <summary>A short stable key for a topic, small enough for Telegram callback data (64 bytes).</summary>
public static class TopicKey
{
    public static string For(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(topic.Normalize(NormalizationForm.FormC)));
        return Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }
}
