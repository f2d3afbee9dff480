using Warning.Storage.Spool;

namespace Warning.Storage.Tests.Spool;

public sealed class BatchSpoolTests
{
    [Fact]
    public void Batches_drain_in_the_order_written_and_the_sequence_survives_a_restart()
    {
        var dir = Directory.CreateTempSubdirectory("spool-test-").FullName;
        var first = new BatchSpool(dir);
        var a = first.Append("a 1 1\n");
        first.Append("b 1 2\n");
        BatchSpool.Remove(a);

        var reopened = new BatchSpool(dir);
        reopened.Append("c 1 3\n");
        Assert.Equal(["b 1 2\n", "c 1 3\n"], reopened.Pending().Select(BatchSpool.Read));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void A_refused_batch_is_set_aside_not_lost()
    {
        var dir = Directory.CreateTempSubdirectory("spool-test-").FullName;
        var spool = new BatchSpool(dir);
        var aside = spool.Reject(spool.Append("bad\n"));
        Assert.Empty(spool.Pending());
        Assert.Equal("bad\n", File.ReadAllText(aside));
        Directory.Delete(dir, recursive: true);
    }
}
