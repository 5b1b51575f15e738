using System.ComponentModel.DataAnnotations;

namespace SummaryBot.Core.Storage;

/// <summary>Configuration section <c>Storage</c>. With neither a connection string nor a service
/// URI, state and inbox are local folders (the embedded defaults).</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    /// <summary><c>Storage:ConnectionString</c>: an Azure Storage connection string
    /// (<c>UseDevelopmentStorage=true</c> for Azurite).</summary>
    public string? ConnectionString { get; set; }

    /// <summary><c>Storage:ServiceUri</c>: the blob service URI, reached with managed identity.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary><c>Storage:ArticlesContainer</c>: the container operators drop articles into.</summary>
    [Required(ErrorMessage = "Storage:ArticlesContainer must not be empty.")]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Storage:ArticlesContainer must be a valid blob container name (3-63 lowercase letters, digits and single hyphens).")]
    public string ArticlesContainer { get; set; } = "articles";

    /// <summary><c>Storage:StateContainer</c>: the container that holds SummaryBot's state.</summary>
    [Required(ErrorMessage = "Storage:StateContainer must not be empty.")]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Storage:StateContainer must be a valid blob container name (3-63 lowercase letters, digits and single hyphens).")]
    public string StateContainer { get; set; } = "summarybot";

    /// <summary><c>Storage:StateDirectory</c>: the state folder when no Azure storage is configured.</summary>
    public string StateDirectory { get; set; } = ".summarybot";

    /// <summary><c>Storage:InboxDirectory</c>: the inbox folder when no Azure storage is configured.</summary>
    public string InboxDirectory { get; set; } = "inbox";

    /// <summary><c>Storage:Retry</c>: retries of Azure Blob Storage calls.</summary>
    public AzureRetryOptions Retry { get; set; } = new();

    /// <summary><c>Storage:ListPageSize</c>: blobs per listing page (1-5000; default: the service's, 5000).</summary>
    [Range(1, 5000, ErrorMessage = "Storage:ListPageSize must be between 1 and 5000.")]
    public int? ListPageSize { get; set; }

    public bool UsesAzure => !string.IsNullOrWhiteSpace(ConnectionString) || ServiceUri is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString) && ServiceUri is not null)
        {
            yield return new ValidationResult(
                "Set either Storage:ConnectionString or Storage:ServiceUri, not both.",
                [nameof(ConnectionString), nameof(ServiceUri)]);
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString) && !AzureBlobStores.IsValidConnectionString(ConnectionString))
        {
            // Never echo the value: it holds the account key.
            yield return new ValidationResult(
                "Storage:ConnectionString is not a valid Azure Storage connection string (for Azurite use UseDevelopmentStorage=true).",
                [nameof(ConnectionString)]);
        }

        foreach (var failure in Retry.Validate())
        {
            yield return failure;
        }

        if (!UsesAzure && FolderOverlap() is { } overlap)
        {
            yield return new ValidationResult(overlap, [nameof(StateDirectory), nameof(InboxDirectory)]);
        }

        if (ServiceUri is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("Storage:ServiceUri must be an absolute URI such as https://account.blob.core.windows.net.", [nameof(ServiceUri)]);
        }
    }

    /// <summary>The folder inbox reads every file under it: a state folder there would be read as
    /// articles, and an inbox inside the state folder mixes articles with state.</summary>
    private string? FolderOverlap()
    {
        string state, inbox;
        try
        {
            (state, inbox) = (FolderInbox.RealPath(StateDirectory), FolderInbox.RealPath(InboxDirectory));
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            return null; // A path the folders themselves will refuse, with their own error.
        }

        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        static bool Within(string path, string folder, StringComparison comparison) =>
            string.Equals(path, folder, comparison) ||
            path.StartsWith(Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar, comparison);

        if (Within(state, inbox, comparison))
        {
            return $"Storage:StateDirectory ({state}) is inside Storage:InboxDirectory ({inbox}), so the inbox would read the state as articles; choose a state folder outside the inbox.";
        }

        return Within(inbox, state, comparison)
            ? $"Storage:InboxDirectory ({inbox}) is inside Storage:StateDirectory ({state}); choose an inbox folder outside the state folder."
            : null;
    }
}
