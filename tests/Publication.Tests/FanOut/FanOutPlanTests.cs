using Warning.Grains.Publication;
using Warning.Grains.Recipients;
using Warning.Publication.Channels;
using Warning.Publication.FanOut;

namespace Warning.Publication.Tests.FanOut;

public sealed class FanOutPlanTests
{
    private static readonly ChannelsOptions Channels = new() { Sms = { Url = "http://sms.local/send" }, Broadcast = { Url = "http://broadcast.local/play" } };

    private static readonly Recipient[] Roster =
    [
        new("officer", "村干部", "+8613800000001", ["620522100201"], ["village-officer"], ["sms"], "blue"),
        new("desk", "县值班室", "+8613800000002", ["620522"], ["duty-desk"], ["sms"], "orange"),
        new("webonly", "网页", null, ["620522100201"], [], ["webhook"], "blue"),
    ];

    private static readonly Subscription[] Hooks =
    [
        new("sub-1", "http://hook.local/a", ["620522"], "yellow", "0123456789abcdef"),
        new("sub-2", "http://hook.local/b", ["999999"], "blue", "0123456789abcdef"),
    ];

    [Fact]
    public void SMS_to_recipients_at_or_below_the_level_one_broadcast_per_area_and_matching_webhooks()
    {
        var yellow = Samples.Warning(Hazards.Rainstorm, false, ("Alert", "yellow", false));
        var red = Samples.Warning(Hazards.Rainstorm, false, ("Alert", "yellow", false), ("Update", "red", false));

        var forYellow = FanOutPlan.For(yellow, yellow.Versions[0], Roster, Hooks, Channels, new PublicationOptions(), "{}");
        var forRed = FanOutPlan.For(red, red.Versions[1], Roster, Hooks, Channels, new PublicationOptions(), "{}");

        Assert.Equal(["broadcast:area:620522100201", "sms:officer", "webhook:subscription:sub-1"], forYellow.Select(m => $"{m.Channel}:{m.Recipient}").Order());
        Assert.Equal(["broadcast:area:620522100201", "sms:desk", "sms:officer", "webhook:subscription:sub-1"], forRed.Select(m => $"{m.Channel}:{m.Recipient}").Order());
        Assert.Empty(forYellow.Select(m => m.MessageId).Intersect(forRed.Select(m => m.MessageId)));
        Assert.All(forRed, m => Assert.Equal(2, m.Version));
    }

    [Fact]
    public void Exercises_and_unconfigured_channels_reach_no_one()
    {
        var drill = Samples.Warning(Hazards.Rainstorm, true, ("Alert", "red", false));
        Assert.Empty(FanOutPlan.For(drill, drill.Versions[0], Roster, [], Channels, new PublicationOptions(), "{}"));
        Assert.NotEmpty(FanOutPlan.For(drill, drill.Versions[0], Roster, [], Channels, new PublicationOptions { SendExercises = true }, "{}"));

        var real = Samples.Warning(Hazards.Rainstorm, false, ("Alert", "red", false));
        Assert.Empty(FanOutPlan.For(real, real.Versions[0], Roster, [], new ChannelsOptions(), new PublicationOptions(), "{}"));
    }

    [Fact]
    public void Message_ids_are_stable_per_version_channel_and_recipient()
    {
        var red = Samples.Warning(Hazards.Rainstorm, false, ("Alert", "red", false));
        var once = FanOutPlan.For(red, red.Versions[0], Roster, Hooks, Channels, new PublicationOptions(), "{}");
        var again = FanOutPlan.For(red, red.Versions[0], Roster, Hooks, Channels, new PublicationOptions(), "{}");
        Assert.Equal(once.Select(m => m.MessageId), again.Select(m => m.MessageId));
        Assert.Equal(once.Count, once.Select(m => m.MessageId).Distinct().Count());
    }
}
