using System.ComponentModel.DataAnnotations;

namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>Configuration section <c>Delivery</c>: the outbox queue and its sender.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary><c>Delivery:QueueName</c>: the Azure Storage queue of delivery jobs (3-63 lowercase letters, digits, hyphens).</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Delivery:QueueName must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.")]
    public string QueueName { get; set; } = "deliveries";

    /// <summary><c>Delivery:VisibilityTimeoutSeconds</c>: how long a received job is hidden from other senders.
    /// Right before a send, a job with less than a whole request (<c>Telegram:RequestTimeoutSeconds</c>
    /// and 5 s) of it left has it renewed, so a job never becomes visible again while its send is in flight.</summary>
    [Range(10, 3600, ErrorMessage = "Delivery:VisibilityTimeoutSeconds must be between 10 and 3600.")]
    public int VisibilityTimeoutSeconds { get; set; } = 120;

    /// <summary><c>Delivery:MaxAttempts</c>: receives of one job before it is given up (the result and the ledger say why).</summary>
    [Range(1, 100, ErrorMessage = "Delivery:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary><c>Delivery:BatchSize</c>: jobs one sender pass receives at once (Azure allows at most 32).</summary>
    [Range(1, 32, ErrorMessage = "Delivery:BatchSize must be between 1 and 32.")]
    public int BatchSize { get; set; } = 32;

    /// <summary><c>Delivery:Concurrency</c>: jobs one sender works on at the same time, in passes of
    /// <see cref="BatchSize"/> that overlap (64: two passes, so one sends while the other records).</summary>
    [Range(1, 256, ErrorMessage = "Delivery:Concurrency must be between 1 and 256.")]
    public int Concurrency { get; set; } = 64;

    /// <summary><c>Delivery:MaxBackoffSeconds</c>: the longest back-off after a 5xx or a timeout (doubling from 2 s).</summary>
    [Range(1, 86400, ErrorMessage = "Delivery:MaxBackoffSeconds must be between 1 and 86400.")]
    public int MaxBackoffSeconds { get; set; } = 300;

    public TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(VisibilityTimeoutSeconds);

    /// <summary>2 s, 4 s, 8 s … after the n-th failed attempt, at most <see cref="MaxBackoffSeconds"/>.</summary>
    public TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(MaxBackoffSeconds, 2.0 * Math.Pow(2, Math.Clamp(attempt - 1, 0, 20))));
}
