using System.ComponentModel.DataAnnotations;

namespace SummaryBot.Core.Storage;

/// <summary>
/// Configuration section <c>Storage:Retry</c>: how Azure Blob Storage calls are retried on 5xx,
/// 408/429 and network timeouts (exponential backoff with jitter, done by the Azure SDK).
/// </summary>
public sealed class AzureRetryOptions
{
    /// <summary><c>Storage:Retry:MaxRetries</c>: retries after the first attempt (0-10, default 5).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary><c>Storage:Retry:Delay</c>: the first backoff delay (default 0.5 s).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary><c>Storage:Retry:MaxDelay</c>: the longest backoff delay (default 30 s).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Storage:Retry:NetworkTimeout</c>: how long one attempt may wait for the service (default 60 s).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(60);

    internal IEnumerable<ValidationResult> Validate()
    {
        if (MaxRetries is < 0 or > 10)
        {
            yield return new ValidationResult("Storage:Retry:MaxRetries must be between 0 and 10.", ["Retry.MaxRetries"]);
        }

        if (Delay <= TimeSpan.Zero || Delay > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Storage:Retry:Delay must be a positive time span of at most 1 minute (e.g. 00:00:00.5).", ["Retry.Delay"]);
        }

        if (MaxDelay < Delay || MaxDelay > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Storage:Retry:MaxDelay must be at least Storage:Retry:Delay and at most 5 minutes.", ["Retry.MaxDelay"]);
        }

        if (NetworkTimeout <= TimeSpan.Zero || NetworkTimeout > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("Storage:Retry:NetworkTimeout must be a positive time span of at most 10 minutes.", ["Retry.NetworkTimeout"]);
        }
    }
}
