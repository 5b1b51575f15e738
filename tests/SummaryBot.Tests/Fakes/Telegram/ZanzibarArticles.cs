namespace SummaryBot.Tests.Fakes.Telegram;

/// <summary>Two write-ups of one invented event, long enough for the story index to compare them.</summary>
internal static class ZanzibarArticles
{
    public const string First = """
        Ferry capsizes off Zanzibar coast

        A passenger ferry carrying 84 people capsized off Zanzibar on Monday evening in rough seas, officials in Stone Town said. Rescue teams from the port authority and local fishermen searched through the night and pulled 71 survivors from the water.

        The vessel, the Mnazi Star, had left Pemba island in the afternoon and was due in Stone Town before dark. The regional commissioner said an inquiry would examine whether the ferry was overloaded and why it sailed after a storm warning.
        """;

    public const string Second = """
        Zanzibar ferry disaster: 71 rescued, search goes on

        Rescuers off Zanzibar pulled 71 survivors from the sea after the ferry Mnazi Star capsized on Monday evening with 84 people aboard, the port authority said on Tuesday. Fishermen joined the search through the night.

        The ferry had sailed from Pemba island despite a storm warning, according to the regional commissioner in Stone Town, who ordered an inquiry into whether the vessel was overloaded.
        """;

    public const string Storm = """
        Storm closes Zanzibar airport for a day

        Heavy rain and winds of up to 90 kilometres an hour closed the airport of Zanzibar for most of Wednesday, the civil aviation authority said, stranding about 3,000 travellers in Stone Town hotels and terminals.

        Flights to Dar es Salaam and Nairobi resumed in the evening. The meteorological agency said the storm season would last until the end of the month and warned fishing boats to stay in port.
        """;
}
