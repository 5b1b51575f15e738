using System.Text;
using SummaryBot.Core.Bot;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Tests.Bot;

public sealed class SettingsCallbackDataTests
{
    /// <summary>The longest chat id a channel can have (-100 followed by up to 13 digits), and more.</summary>
    private const long LongestChannel = -1009999999999999;

    [Fact]
    public void Render_EveryScreenAndState_EveryButtonFitsAndParsesBack()
    {
        var chats = new[]
        {
            new ChatSubscription { ChatId = 1 },
            new ChatSubscription
            {
                ChatId = LongestChannel,
                Kind = ChatKind.Channel,
                Mode = DeliveryMode.Digest,
                DigestTimes = ["05:45", "08:00", "23:59"],
                TimeZone = "America/Argentina/ComodRivadavia",
                QuietHours = new QuietHours("22:00", "07:00", QuietHoursAction.Hold),
                SilentAlerts = true,
                LinkPreviews = false,
                SummaryLanguage = "uk",
            },
        };
        var count = 0;
        foreach (var chat in chats)
        {
            foreach (var screen in Enum.GetValues<SettingsScreen>())
            {
                foreach (var remote in new long?[] { null, LongestChannel })
                {
                    var panel = SettingsPanel.Render(chat, screen, null, remote, languagesAvailable: true, DateTimeOffset.UnixEpoch);
                    Assert.InRange(panel.Html.Length, 1, 4096);
                    foreach (var button in panel.Buttons)
                    {
                        count++;
                        Assert.InRange(Encoding.UTF8.GetByteCount(button.CallbackData), 1, SettingsCallbackData.MaxBytes);
                        var parsed = SettingsCallbackData.Parse(button.CallbackData);
                        Assert.NotNull(parsed);
                        Assert.Equal(remote, parsed.RemoteChatId);
                    }
                }
            }
        }

        Assert.True(count > 100, $"only {count} buttons rendered");
    }

    [Fact]
    public void Encode_ValueTooLong_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => SettingsCallbackData.Encode(SettingsAction.TimeZone, new string('A', 60), LongestChannel));
        Assert.Throws<ArgumentException>(() => SettingsCallbackData.Encode(SettingsAction.TimeZone, "Europe/Berlin@-1", null));
    }

    [Theory]
    [InlineData("s1:m:d", SettingsAction.Mode, "d", null)]
    [InlineData("s1:t+:0730", SettingsAction.AddDigestTime, "0730", null)]
    [InlineData("s1:z:America/Port-au-Prince@-100123", SettingsAction.TimeZone, "America/Port-au-Prince", -100123L)]
    [InlineData("s1:l:-", SettingsAction.Language, "-", null)]
    [InlineData("s1:x", SettingsAction.Done, "", null)]
    public void Parse_ValidData_GivesTheCommand(string data, SettingsAction action, string value, long? remote)
    {
        Assert.Equal(new SettingsCommand(action, value, remote), SettingsCallbackData.Parse(data));
    }

    [Theory]
    [InlineData("22:00-07:00", "22:00", "07:00", QuietHoursAction.Silent)]
    [InlineData("23 - 6:30 hold", "23:00", "06:30", QuietHoursAction.Hold)]
    [InlineData("10pm to 7am silent", "22:00", "07:00", QuietHoursAction.Silent)]
    [InlineData("21:30–08:00", "21:30", "08:00", QuietHoursAction.Silent)]
    public void QuietHoursText_Valid_IsParsed(string text, string start, string end, QuietHoursAction action)
    {
        var parsed = QuietHoursText.TryParse(text);

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal(new QuietHours(start, end, action), parsed.QuietHours);
    }

    [Theory]
    [InlineData("", "Give the start and the end")]
    [InlineData("22:00", "can't read")]
    [InlineData("22:00-22:00", "another time than they start")]
    [InlineData("25:00-07:00", "hours go from 00 to 23")]
    public void QuietHoursText_Invalid_SaysWhy(string text, string reason)
    {
        var parsed = QuietHoursText.TryParse(text);

        Assert.False(parsed.Success);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
    }
}
