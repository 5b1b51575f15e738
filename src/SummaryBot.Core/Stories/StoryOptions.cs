using System.ComponentModel.DataAnnotations;

namespace SummaryBot.Core.Stories;

/// <summary>Configuration section <c>Stories</c>: how same-story detection decides.</summary>
public sealed class StoryOptions : IValidatableObject
{
    public const string SectionName = "Stories";

    /// <summary>
    /// <c>Stories:Window</c>: two reports can be one story only when they were first seen at most
    /// this far apart. Default 3 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ErrorMessage = "Stories:Window must be between 00:01:00 and 365.00:00:00 (1 minute to 365 days).")]
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// <c>Stories:SimilarityThreshold</c>: the full-text TF-IDF cosine (see
    /// <see cref="StoryTermVector.Cosine"/>) at or above which a report joins the story of the most
    /// similar candidate. Chosen on Multi-News halves and checked on the other halves (see Stories/README.md).
    /// </summary>
    [Range(0.01, 1.0, ErrorMessage = "Stories:SimilarityThreshold must be between 0.01 and 1.")]
    public double SimilarityThreshold { get; set; } = 0.22;

    /// <summary>
    /// <c>Stories:FullTextCandidates</c>: how many of the candidates most similar by fingerprint are
    /// compared by full text (one storage read each in the store-backed index).
    /// </summary>
    [Range(1, 32, ErrorMessage = "Stories:FullTextCandidates must be between 1 and 32.")]
    public int FullTextCandidates { get; set; } = 4;

    /// <summary><c>Stories:FingerprintTerms</c>: how many of an article's heaviest terms its fingerprint keeps.</summary>
    [Range(4, 64, ErrorMessage = "Stories:FingerprintTerms must be between 4 and 64.")]
    public int FingerprintTerms { get; set; } = 32;

    /// <summary><c>Stories:LookupKeys</c>: how many of the heaviest terms serve as lookup keys (buckets read per article).</summary>
    [Range(1, 16, ErrorMessage = "Stories:LookupKeys must be between 1 and 16.")]
    public int LookupKeys { get; set; } = 8;

    /// <summary><c>Stories:MaxBucketEntries</c>: the most recent reports kept per lookup key; bounds the cost of one lookup.</summary>
    [Range(8, 4096, ErrorMessage = "Stories:MaxBucketEntries must be between 8 and 4096.")]
    public int MaxBucketEntries { get; set; } = 32;

    /// <summary>
    /// <c>Stories:MinContentWords</c>: a report with fewer distinct content words than this (a
    /// stub, a cookie or archive notice) is too thin to compare: it never joins an existing story.
    /// </summary>
    [Range(0, 1000, ErrorMessage = "Stories:MinContentWords must be between 0 and 1000.")]
    public int MinContentWords { get; set; } = 30;

    /// <summary>
    /// <c>Stories:ArbiterFloor</c>: with an arbiter (a model, see <see cref="IStoryArbiter"/>), a
    /// report whose best similarity is at least this and below <see cref="ArbiterCeiling"/> is
    /// decided by asking it. Below the floor the report founds a new story without asking.
    /// </summary>
    [Range(0.01, 1.0, ErrorMessage = "Stories:ArbiterFloor must be between 0.01 and 1.")]
    public double ArbiterFloor { get; set; } = 0.14;

    /// <summary>
    /// <c>Stories:ArbiterCeiling</c>: with an arbiter, a report at least this similar to a story
    /// joins it without asking. Tuned on Multi-News (see Stories/README.md).
    /// </summary>
    [Range(0.01, 1.0, ErrorMessage = "Stories:ArbiterCeiling must be between 0.01 and 1.")]
    public double ArbiterCeiling { get; set; } = 0.30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ArbiterFloor > ArbiterCeiling)
        {
            yield return new ValidationResult(
                "Stories:ArbiterFloor must not exceed Stories:ArbiterCeiling.", [nameof(ArbiterFloor), nameof(ArbiterCeiling)]);
        }

        if (LookupKeys > FingerprintTerms)
        {
            yield return new ValidationResult(
                "Stories:LookupKeys must not exceed Stories:FingerprintTerms.", [nameof(LookupKeys), nameof(FingerprintTerms)]);
        }
    }
}
