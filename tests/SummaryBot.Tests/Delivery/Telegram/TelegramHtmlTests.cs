using SummaryBot.Core.Delivery.Telegram;

namespace SummaryBot.Tests.Delivery.Telegram;

public sealed class TelegramHtmlTests
{
    [Fact]
    public void Fit_Short_IsUnchanged() => Assert.Equal("<b>x</b>", TelegramHtml.Fit("<b>x</b>"));

    [Fact]
    public void Fit_CutInsideLink_DropsThePartialTagAndClosesOpenOnes()
    {
        var html = "<i>" + new string('a', 4090) + "<a href=\"https://example.com/long\">link</a></i>";

        var fitted = TelegramHtml.Fit(html);

        Assert.True(fitted.Length <= 4096);
        Assert.DoesNotContain("<a", fitted, StringComparison.Ordinal);
        Assert.EndsWith("…</i>", fitted, StringComparison.Ordinal);
    }
}
