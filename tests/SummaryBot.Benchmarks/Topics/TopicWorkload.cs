using SummaryBot.Core.Articles;
using SummaryBot.Core.Topics;

namespace SummaryBot.Benchmarks.Topics;

/// <summary>
/// The deterministic workload shared by the topics evaluation and the BenchmarkDotNet class: one article of about
/// 5 KB (written for this project) and N subscriptions, five per chat, mixing gazetteer entities (40%), relations
/// between two entities (35%) and phrases (25%) drawn from a fixed list of news words.
/// </summary>
internal static class TopicWorkload
{
    private static readonly string[] Words =
    [
        "ceasefire", "sanctions", "election", "inflation", "drone", "missile", "satellite", "refugees", "pipeline", "tariffs",
        "summit", "treaty", "earthquake", "flood", "wildfire", "vaccine", "strike", "protest", "coup", "referendum",
        "luxury", "car", "gift", "limousine", "artillery", "rockets", "shipment", "embargo", "oil", "gas", "grain", "wheat",
        "chips", "semiconductor", "bank", "currency", "debt", "bond", "budget", "parliament", "court", "verdict", "minister",
        "army", "navy", "border", "port", "airport", "railway", "train", "space", "launch", "station", "nuclear", "uranium",
        "reactor", "hackers", "cyberattack", "spy", "espionage", "smuggling", "cocaine", "migrants", "asylum", "visa",
        "tourism", "football", "olympics", "festival", "film", "museum", "heatwave", "drought", "harvest", "fishing",
        "shipping", "tanker", "strait", "canal", "copper", "lithium", "cobalt", "gold", "diamonds", "climate", "emissions",
        "coal", "solar", "wind", "hydrogen", "electric", "battery", "startup", "merger", "layoffs", "strikes", "unions",
        "pension", "healthcare", "hospital", "school", "university", "students", "teachers", "journalists", "censorship",
    ];

    public static Article Article { get; } = new(
        "benchmark-article.txt",
        "Putin hands Kim a limousine as Moscow and Pyongyang deepen ties",
        [
            "North Korean leader Kim Jong Un has received a new armoured limousine from Russian President Vladimir Putin, the state news agency KCNA said on Tuesday, in the latest sign of warming relations between the two governments that both face broad Western sanctions. The vehicle was handed to officials in Pyongyang at a ceremony attended by the Russian ambassador, according to the report, which did not say how the car had been shipped.",
            "Kremlin spokesman Dmitry Peskov told reporters in Moscow that the gift reflected a personal friendship between the two leaders and should not be read as a breach of any international obligation. Analysts in Seoul and Tokyo disagreed, noting that resolutions of the UN Security Council bar the supply of vehicles and other luxury goods to North Korea. South Korea's foreign ministry said it was watching the cooperation closely and urged both countries to respect the sanctions regime.",
            "The exchange comes months after the two men met at a space launch centre in the Russian Far East, where Kim toured assembly halls and inspected rockets. Officials in Washington and Brussels have since accused Pyongyang of sending artillery shells and short-range ballistic missiles for use in the war in Ukraine, a charge that both governments deny. Ukrainian officials in Kyiv say fragments of North Korean missiles have been recovered after strikes on Kharkiv.",
            "Trade between the neighbours remains small, but rail traffic across the short land border has grown, and satellite images analysed by researchers show more freight wagons at the Tumen river crossing. Economists caution that Russia has little to gain commercially, while North Korea gains hard currency, food and fuel, and possibly technology for its satellite programme. China, the main trading partner of the North, has said little in public about the new alignment.",
            "Foreign minister Sergei Lavrov visited the North last year and praised what he called a strategic partnership. A delegation from the ruling Workers' Party of Korea later travelled to Moscow and Vladivostok for talks on tourism, fisheries, information technology and sport. State media in both countries described the meetings in warm terms, while Western diplomats at the United Nations in New York called for tighter monitoring of shipping and of cargo flights.",
            "Kim is known as a collector of foreign cars, including German limousines, Japanese sport utility vehicles and a Rolls-Royce, most of which are believed to have reached the country through smuggling networks that evade the embargo. Experts say the new vehicle, built by a Russian manufacturer that also supplies the presidential fleet, has a symbolic value that outweighs its price, and that it shows how far Moscow is now prepared to go in openly defying sanctions it once voted for.",
            "In Beijing, a spokesman for the foreign ministry said relations between sovereign states were a matter for those states. In Washington, the State Department said it would raise the issue with partners in the G7 and at NATO. Officials in London, Paris and Berlin made similar statements, while the European Union said it was preparing a new package of measures against companies that help Russia evade export controls.",
            "Inside the North, the gift was presented as proof of the country's standing. Television bulletins showed the car parked outside a government building, and newspapers printed a letter of thanks in which Kim's sister wrote that the present demonstrated the special personal relationship between the top leaders. Commentators in the capital said that the friendship would last for generations and that no outside pressure could break it.",
            "Sanctions experts note that the UN panel which once tracked violations of the embargo was disbanded after Russia vetoed the renewal of its mandate, leaving governments to rely on their own intelligence services, commercial satellite imagery and reports by private researchers. Several of those researchers have documented tankers that switch off their transponders in the Sea of Japan and reappear days later near ports on the Russian Pacific coast.",
            "For now, officials in Seoul say they will keep a channel open to Moscow, hoping to limit the transfer of military technology, while strengthening drills with the United States and Japan. Opposition lawmakers have urged the government to consider sending defensive weapons to Ukraine in response, a step that President Lee Jae-myung has so far declined to take, saying the decision would depend on what Russia gives the North in return.",
        ],
        "Benchmark",
        null,
        null);

    /// <summary>Subscriptions for <paramref name="count"/> topics, five per chat, always the same for a count.</summary>
    public static List<TopicSubscription> Subscriptions(int count, int seed = 20240218)
    {
        var random = new Random(seed);
        var entities = Gazetteer.Default.Entities.Select(e => e.Name).ToArray();
        var subscriptions = new List<TopicSubscription>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            var topic = roll switch
            {
                < 40 => entities[random.Next(entities.Length)],
                < 75 => $"{entities[random.Next(entities.Length)]}–{entities[random.Next(entities.Length)]}",
                < 90 => $"\"{Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]}\"",
                _ => $"{Words[random.Next(Words.Length)]} AND {entities[random.Next(entities.Length)]}",
            };
            subscriptions.Add(new TopicSubscription(1_000_000 + (i / 5), topic));
        }

        return subscriptions;
    }
}
