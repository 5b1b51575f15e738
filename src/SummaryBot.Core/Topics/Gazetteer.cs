using System.Reflection;
using SummaryBot.Core.Text;

namespace SummaryBot.Core.Topics;

/// <summary>
/// The built-in list of the world's countries and a few supranational bodies with their aliases
/// (embedded resource <c>Topics/Gazetteer.txt</c>, compiled for this project). Also holds
/// <em>blockers</em>: longer phrases that contain an alias but mean something else (<c>Korean barbecue</c>,
/// <c>New Mexico</c>, <c>Russian Standard</c>); in an article the longest phrase wins, so a blocker hides the alias inside it.
/// </summary>
public sealed class Gazetteer
{
    private static readonly Lazy<Gazetteer> LazyDefault = new(LoadEmbedded);

    private readonly Dictionary<string, GazetteerEntity> _byName;
    private readonly Dictionary<string, List<GazetteerEntity>> _byAlias;
    private readonly Dictionary<string, string> _ambiguous;

    private Gazetteer(List<GazetteerEntity> entities, List<GazetteerAlias> blockers, Dictionary<string, string> ambiguous)
    {
        Entities = entities;
        Blockers = blockers;
        _ambiguous = ambiguous;
        _byName = new Dictionary<string, GazetteerEntity>(StringComparer.Ordinal);
        _byAlias = new Dictionary<string, List<GazetteerEntity>>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            foreach (var name in entity.OtherNames.Select(a => a.Text).Prepend(entity.Name))
            {
                _byName.TryAdd(TextFolding.Key(name), entity);
            }

            foreach (var alias in entity.AllAliases)
            {
                var key = TextFolding.Key(alias.Text);
                if (!_byAlias.TryGetValue(key, out var list))
                {
                    _byAlias[key] = list = [];
                }

                if (!list.Contains(entity))
                {
                    list.Add(entity);
                }
            }
        }
    }

    public static Gazetteer Default => LazyDefault.Value;

    public IReadOnlyList<GazetteerEntity> Entities { get; }

    /// <summary>Phrases that stand for nothing and hide the aliases inside them.</summary>
    public IReadOnlyList<GazetteerAlias> Blockers { get; }

    /// <summary>The entity whose canonical or other name is <paramref name="name"/> (any case, diacritics, hyphens).</summary>
    public GazetteerEntity? FindByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.GetValueOrDefault(TextFolding.Key(name));
    }

    /// <summary>Entities that have <paramref name="phrase"/> as an alias (e.g. <c>Putin</c> → Russia).</summary>
    public IReadOnlyList<GazetteerEntity> FindByAlias(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        return _byAlias.TryGetValue(TextFolding.Key(phrase), out var list) ? list : [];
    }

    /// <summary>Why a bare word such as <c>Korea</c> is not an entity, or null.</summary>
    public string? AmbiguityNote(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        return _ambiguous.GetValueOrDefault(TextFolding.Key(phrase));
    }

    /// <summary>Reads the gazetteer format: see the header of <c>Topics/Gazetteer.txt</c>.</summary>
    public static Gazetteer Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entities = new List<GazetteerEntity>();
        var blockers = new List<GazetteerAlias>();
        var ambiguous = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            line = line.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('|', StringSplitOptions.TrimEntries);
            switch (fields[0])
            {
                case "block":
                    blockers.AddRange(Aliases(fields.ElementAtOrDefault(1)));
                    break;
                case "ambiguous" when fields.Length == 3:
                    ambiguous[TextFolding.Key(fields[1])] = fields[2];
                    break;
                case "un" or "observer" or "other" or "org" when fields.Length == 6:
                    var kind = fields[0] switch
                    {
                        "un" => GazetteerEntityKind.UnMember,
                        "observer" => GazetteerEntityKind.UnObserver,
                        "other" => GazetteerEntityKind.OtherState,
                        _ => GazetteerEntityKind.Organization,
                    };
                    var name = ParseAlias(fields[1]);
                    entities.Add(new GazetteerEntity(name.Text, kind, Aliases(fields[2]), Aliases(fields[3]), Aliases(fields[4]), Aliases(fields[5]), name.Case));
                    break;
                default:
                    throw new FormatException($"Gazetteer line {lineNumber} is not '<kind> | name | other names | demonyms | capitals | related', 'block | …' or 'ambiguous | word | note'.");
            }
        }

        return new Gazetteer(entities, blockers, ambiguous);
    }

    private static List<GazetteerAlias> Aliases(string? field) =>
        string.IsNullOrWhiteSpace(field)
            ? []
            : [.. field.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ParseAlias)];

    private static GazetteerAlias ParseAlias(string text) => text[0] switch
    {
        '^' => new GazetteerAlias(text[1..], AliasCase.Capitalized),
        '=' => new GazetteerAlias(text[1..], AliasCase.Upper),
        _ => new GazetteerAlias(text, AliasCase.Any),
    };

    private static Gazetteer LoadEmbedded()
    {
        var assembly = typeof(Gazetteer).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Topics.Gazetteer.txt", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded gazetteer {name} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
