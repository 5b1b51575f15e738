using SummaryBot.Core.Topics;

namespace SummaryBot.Tests.Topics;

public sealed class GazetteerTests
{
    /// <summary>The 193 UN member states, typed independently of the gazetteer file.</summary>
    private static readonly string[] UnMembers =
    [
        "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda", "Argentina", "Armenia", "Australia",
        "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin",
        "Bhutan", "Bolivia", "Bosnia and Herzegovina", "Botswana", "Brazil", "Brunei", "Bulgaria", "Burkina Faso", "Burundi",
        "Cabo Verde", "Cambodia", "Cameroon", "Canada", "Central African Republic", "Chad", "Chile", "China", "Colombia",
        "Comoros", "Republic of the Congo", "Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba", "Cyprus", "Czechia",
        "North Korea", "Democratic Republic of the Congo", "Denmark", "Djibouti", "Dominica", "Dominican Republic", "Ecuador",
        "Egypt", "El Salvador", "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France",
        "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea", "Guinea-Bissau", "Guyana",
        "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica",
        "Japan", "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Lesotho",
        "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi", "Malaysia", "Maldives", "Mali",
        "Malta", "Marshall Islands", "Mauritania", "Mauritius", "Mexico", "Micronesia", "Monaco", "Mongolia", "Montenegro",
        "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru", "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger",
        "Nigeria", "North Macedonia", "Norway", "Oman", "Pakistan", "Palau", "Panama", "Papua New Guinea", "Paraguay", "Peru",
        "Philippines", "Poland", "Portugal", "Qatar", "South Korea", "Moldova", "Romania", "Russia", "Rwanda",
        "Saint Kitts and Nevis", "Saint Lucia", "Saint Vincent and the Grenadines", "Samoa", "San Marino",
        "São Tomé and Príncipe", "Saudi Arabia", "Senegal", "Serbia", "Seychelles", "Sierra Leone", "Singapore", "Slovakia",
        "Slovenia", "Solomon Islands", "Somalia", "South Africa", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname",
        "Sweden", "Switzerland", "Syria", "Tajikistan", "Thailand", "Timor-Leste", "Togo", "Tonga", "Trinidad and Tobago",
        "Tunisia", "Turkey", "Turkmenistan", "Tuvalu", "Uganda", "Ukraine", "United Arab Emirates", "United Kingdom", "Tanzania",
        "United States", "Uruguay", "Uzbekistan", "Vanuatu", "Venezuela", "Vietnam", "Yemen", "Zambia", "Zimbabwe",
    ];

    private readonly Gazetteer _gazetteer = Gazetteer.Default;

    [Fact]
    public void Default_UnMembers_AreExactlyThe193()
    {
        var members = _gazetteer.Entities.Where(e => e.Kind == GazetteerEntityKind.UnMember).Select(e => e.Name).ToList();

        Assert.Equal(193, UnMembers.Length);
        Assert.Equal(UnMembers.Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Default_EveryUnMember_HasNameDemonymAndCapital()
    {
        // Dominica has no demonym of its own: "Dominican" belongs to the Dominican Republic in news text.
        var incomplete = _gazetteer.Entities
            .Where(e => e.Kind == GazetteerEntityKind.UnMember)
            .Where(e => e.Capitals.Count == 0 || (e.Demonyms.Count == 0 && e.Name != "Dominica"))
            .Select(e => e.Name);

        Assert.Empty(incomplete);
    }

    [Theory]
    [InlineData("Taiwan", GazetteerEntityKind.OtherState)]
    [InlineData("Kosovo", GazetteerEntityKind.OtherState)]
    [InlineData("Palestine", GazetteerEntityKind.UnObserver)]
    [InlineData("Holy See", GazetteerEntityKind.UnObserver)]
    [InlineData("European Union", GazetteerEntityKind.Organization)]
    [InlineData("NATO", GazetteerEntityKind.Organization)]
    [InlineData("United Nations", GazetteerEntityKind.Organization)]
    public void FindByName_StatesBeyondUnAndBodies_AreKnown(string name, GazetteerEntityKind kind)
    {
        Assert.Equal(kind, _gazetteer.FindByName(name)?.Kind);
    }

    [Theory]
    [InlineData("North Korea", "Pyongyang")]
    [InlineData("North Korea", "DPRK")]
    [InlineData("North Korea", "Kim Jong Un")]
    [InlineData("North Korea", "KCNA")]
    [InlineData("North Korea", "North Korean")]
    [InlineData("Russia", "Kremlin")]
    [InlineData("Russia", "Putin")]
    [InlineData("Russia", "Peskov")]
    [InlineData("Russia", "Lavrov")]
    [InlineData("Russia", "TASS")]
    [InlineData("Russia", "RIA")]
    [InlineData("United States", "White House")]
    [InlineData("United Kingdom", "Downing Street")]
    [InlineData("France", "Élysée")]
    [InlineData("China", "Zhongnanhai")]
    [InlineData("South Korea", "Yongsan")]
    [InlineData("South Korea", "Blue House")]
    [InlineData("Ukraine", "Kyiv")]
    [InlineData("Ukraine", "Kiev")]
    [InlineData("Israel", "Netanyahu")]
    [InlineData("Iran", "Khamenei")]
    [InlineData("Turkey", "Ankara")]
    [InlineData("NATO", "Rutte")]
    public void Entity_SpotChecks_HaveExpectedAliases(string name, string alias)
    {
        var entity = _gazetteer.FindByName(name);

        Assert.NotNull(entity);
        Assert.Contains(entity.AllAliases, a => string.Equals(a.Text, alias, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Korea")]
    [InlineData("Kim")]
    [InlineData("North")]
    [InlineData("Korean")]
    [InlineData("Congo")]
    [InlineData("South")]
    public void Default_BareAmbiguousWords_AreNeitherNameNorAlias(string word)
    {
        Assert.Null(_gazetteer.FindByName(word));
        Assert.Empty(_gazetteer.FindByAlias(word));
    }

    [Fact]
    public void Default_AliasesOfDifferentEntities_OnlyShareDeliberateOnes()
    {
        // Brussels is the capital of Belgium and the seat of the EU; nothing else may be claimed twice by accident.
        var shared = _gazetteer.Entities
            .SelectMany(e => e.AllAliases.Select(a => (Key: a.Text.ToUpperInvariant(), Entity: e.Name)))
            .GroupBy(x => x.Key)
            .Where(g => g.Select(x => x.Entity).Distinct().Count() > 1)
            .Select(g => g.Key)
            .ToList();

        Assert.Equal(["BRUSSELS"], shared);
    }

    [Fact]
    public void Parse_MalformedLine_ThrowsWithLineNumber()
    {
        using var reader = new StringReader("# header\nun | Narnia\n");

        var error = Assert.Throws<FormatException>(() => Gazetteer.Parse(reader));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
