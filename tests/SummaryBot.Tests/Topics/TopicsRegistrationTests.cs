using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Topics;

namespace SummaryBot.Tests.Topics;

public sealed class TopicsRegistrationTests
{
    [Fact]
    public void AddSummaryBotTopics_Resolves_OneCompilerOverTheBuiltInGazetteer()
    {
        var services = new ServiceCollection().AddSummaryBotTopics(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var compiler = services.GetRequiredService<ITopicCompiler>();

        Assert.Same(compiler, services.GetRequiredService<ITopicCompiler>());
        Assert.Same(Gazetteer.Default, services.GetRequiredService<Gazetteer>());
        Assert.Equal("North Korea", compiler.Parse("dprk").Normalized);
    }
}
