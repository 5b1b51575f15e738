using System.ComponentModel.DataAnnotations;

namespace SummaryBot.Core.AzureOpenAI;

/// <summary>Configuration section <c>AzureOpenAI</c>. Without an endpoint the offline extractive
/// summarizer is used; with one, a deployment is required and the key is optional (managed
/// identity through <c>DefaultAzureCredential</c> when it is absent).</summary>
public sealed class AzureOpenAIOptions : IValidatableObject
{
    public const string SectionName = "AzureOpenAI";

    /// <summary><c>AzureOpenAI:Endpoint</c>, e.g. <c>https://my-resource.openai.azure.com/</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>AzureOpenAI:Deployment</c>: the chat model deployment name.</summary>
    public string? Deployment { get; set; }

    /// <summary><c>AzureOpenAI:ApiKey</c>. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>AzureOpenAI:MaxInputTokens</c>: the article is cut to this many o200k tokens.</summary>
    [Range(100, 100_000, ErrorMessage = "AzureOpenAI:MaxInputTokens must be between 100 and 100000.")]
    public int MaxInputTokens { get; set; } = 3000;

    /// <summary><c>AzureOpenAI:Timeout</c>: how long one HTTP try may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "AzureOpenAI:Timeout must be between 00:00:00.050 and 00:10:00.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>AzureOpenAI:MaxRetries</c>: retries after the first try on 408, 429, 5xx and timeouts.</summary>
    [Range(0, 10, ErrorMessage = "AzureOpenAI:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 2;

    /// <summary><c>AzureOpenAI:RetryDelay</c>: the first backoff delay; it doubles on each retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "AzureOpenAI:RetryDelay must be between 00:00:00 and 00:01:00.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>AzureOpenAI:MaxRetryAfter</c>: the longest Retry-After the bot waits for; a
    /// longer one ends the retries and the offline summary is used instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "AzureOpenAI:MaxRetryAfter must be between 00:00:00 and 00:10:00.")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>AzureOpenAI:SuggestAliases</c>: ask the model for extra aliases of an entity
    /// the gazetteer does not know, at subscribe time.</summary>
    public bool SuggestAliases { get; set; } = true;

    /// <summary><c>AzureOpenAI:ArbitrateStories</c>: ask the model whether a report joins a story
    /// when their similarity is borderline (between <c>Stories:ArbiterFloor</c> and
    /// <c>Stories:ArbiterCeiling</c>); one short request for those reports only.</summary>
    public bool ArbitrateStories { get; set; } = true;

    /// <summary>True when an endpoint is set: the Azure OpenAI summarizer is used.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>True when an API key is set; otherwise managed identity is used.</summary>
    public bool UsesApiKey => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>The endpoint as a URI; call only once the options passed validation. (A method,
    /// not a property, so that validation, which reads every property, never evaluates it.)</summary>
    public Uri GetEndpointUri() => new(Endpoint!, UriKind.Absolute);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            if (!string.IsNullOrWhiteSpace(Deployment))
            {
                yield return new ValidationResult("AzureOpenAI:Endpoint is required when AzureOpenAI:Deployment is set.", [nameof(Endpoint)]);
            }

            if (UsesApiKey)
            {
                yield return new ValidationResult("AzureOpenAI:Endpoint is required when AzureOpenAI:ApiKey is set.", [nameof(Endpoint)]);
            }

            yield break;
        }

        if (!IsAcceptedEndpoint(Endpoint!))
        {
            yield return new ValidationResult(
                "AzureOpenAI:Endpoint must be an absolute https URI such as https://my-resource.openai.azure.com/ (http is accepted only for a loopback test server).",
                [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(Deployment))
        {
            yield return new ValidationResult("AzureOpenAI:Deployment is required when AzureOpenAI:Endpoint is set.", [nameof(Deployment)]);
        }
        else if (Deployment.Any(c => c is '/' or '?' or '#' or '\\' || char.IsWhiteSpace(c)))
        {
            yield return new ValidationResult("AzureOpenAI:Deployment must be a deployment name without spaces, slashes, '?' or '#'.", [nameof(Deployment)]);
        }
    }

    private static bool IsAcceptedEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.Query)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
