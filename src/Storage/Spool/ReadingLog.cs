using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Warning.Storage.Spool;

/// <summary>
/// The write-ahead log of readings on their way to InfluxDB: append-only segment files, each preallocated once, one
/// frame per batch (<c>[length][CRC-32][line protocol]</c>) made durable by one flush to disk — the batch is what
/// gathered while the previous flush ran, so the readings share syncs (group commit). Frames drain oldest first; a
/// segment is deleted once every frame in it reached InfluxDB, and the last one as soon as it is drained and idle, so a
/// quiet engine keeps no file. At start every segment left behind is read back (InfluxDB absorbs a frame stored twice:
/// same series and timestamp overwrite; a drained frame is marked so in its header, without a sync, so a restart
/// resends at most what drained since the last writeback); a frame cut short by a crash, its checksum wrong, ends its
/// segment and is counted in <see cref="TornFrames"/> — it was never acknowledged.
/// <para>A frame also holds readings acknowledged before their sensor grain evaluated them (<c>Ingest:Acknowledge</c> =
/// <c>durable</c>): it is <em>settled</em> once each of them was evaluated (<see cref="Settled"/>); a frame drained and
/// settled is marked so in its header, and a segment goes only when every frame in it is drained and settled. Frames
/// found unsettled at start are handed out once (<see cref="TakeUnsettled"/>) for their readings to be evaluated again
/// (frames of a version before this, evaluated before their acknowledgement, count as unsettled: a repeat, harmless).</para>
/// </summary>
public sealed class ReadingLog : IDisposable
{
    public const long DefaultSegmentBytes = 16 << 20;
    private const string Extension = ".wal";
    private const int HeaderBytes = 8;
    private const int Alignment = 4096;
    private const int DrainedFlag = unchecked((int)0x80000000);
    private const int SettledFlag = 0x40000000;
    private const int LengthMask = ~(DrainedFlag | SettledFlag);

    private readonly object _gate = new();
    private readonly string _dir;
    private readonly string _rejectedDir;
    private readonly long _segmentBytes;
    private readonly Queue<LogFrame> _frames = new();
    private readonly Dictionary<long, Segment> _segments = [];

    // Frames with readings not yet evaluated: how many each still waits for.
    private readonly Dictionary<LogFrame, int> _unsettled = [];
    private List<LogFrame>? _foundUnsettled = [];
    private Segment? _active;
    private long _nextSegment;
    private long _lastAppend;
    private bool _appending;

    public ReadingLog(string dir, long segmentBytes = DefaultSegmentBytes)
    {
        _dir = dir;
        _rejectedDir = Path.Combine(dir, "rejected");
        _segmentBytes = segmentBytes;
        Directory.CreateDirectory(dir);
        foreach (var path in Directory.EnumerateFiles(dir, "*" + Extension).Order(StringComparer.Ordinal)) Recover(path);
        _nextSegment = _segments.Keys.DefaultIfEmpty(0).Max() + 1;
    }

    public string Location => _dir;

    /// <summary>Frames found cut short when the log was opened (a crash during their write: never acknowledged).</summary>
    public int TornFrames { get; private set; }

    /// <summary>Frames written and not yet drained.</summary>
    public int Pending
    {
        get { lock (_gate) return _frames.Count; }
    }

    /// <summary>Frames holding readings not yet evaluated.</summary>
    public int Unsettled
    {
        get { lock (_gate) return _unsettled.Count; }
    }

    /// <summary>
    /// The frames found unsettled when the log was opened, oldest first, once (later calls: none): their readings were
    /// acknowledged and perhaps never evaluated. Each stays until <see cref="Settled"/> is called for it once.
    /// </summary>
    public IReadOnlyList<LogFrame> TakeUnsettled()
    {
        lock (_gate)
        {
            var found = _foundUnsettled ?? [];
            _foundUnsettled = null;
            return found;
        }
    }

    /// <summary>Segment files on disk now.</summary>
    public int Segments
    {
        get { lock (_gate) return _segments.Count; }
    }

    /// <summary>
    /// Writes one batch as a frame and flushes it to disk; when this returns the batch survives a crash. The frame waits
    /// for <paramref name="unevaluated"/> calls of <see cref="Settled"/> (readings acknowledged before evaluation) before
    /// it may leave the log.
    /// </summary>
    public LogFrame Append(string lines, int unevaluated = 0)
    {
        var payload = Encoding.UTF8.GetBytes(lines);
        var frame = new byte[HeaderBytes + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length | (unevaluated == 0 ? SettledFlag : 0));
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.HashToUInt32(payload));
        payload.CopyTo(frame, HeaderBytes);

        // Only the spool loop appends; the gate keeps the drain's view of the segments whole.
        var segment = ActiveFor(frame.Length);
        var offset = segment.End;
        try
        {
            RandomAccess.Write(segment.Handle, frame, offset);
            segment.Flush();
        }
        catch (IOException)
        {
            // Whatever part of the frame reached the file fails its checksum at the next start; nothing goes after it.
            lock (_gate)
            {
                _appending = false;
                Seal(segment);
            }
            throw;
        }
        lock (_gate)
        {
            segment.End = offset + frame.Length;
            segment.Frames++;
            var written = new LogFrame(segment.Number, offset + HeaderBytes, payload.Length);
            _frames.Enqueue(written);
            if (unevaluated > 0) _unsettled[written] = unevaluated;
            else segment.Settled++;
            _lastAppend = Environment.TickCount64;
            _appending = false;
            return written;
        }
    }

    /// <summary>The oldest frame not yet drained.</summary>
    public bool TryPeek(out LogFrame frame)
    {
        lock (_gate) return _frames.TryPeek(out frame);
    }

    /// <summary>The line protocol of a frame.</summary>
    public string Read(LogFrame frame)
    {
        Segment segment;
        lock (_gate) segment = _segments[frame.Segment];
        var bytes = new byte[frame.Length];
        RandomAccess.Read(segment.Handle, bytes, frame.Offset);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The oldest frame reached InfluxDB: it leaves the log, and its segment with its last frame.</summary>
    public void Drained(LogFrame frame)
    {
        lock (_gate)
        {
            if (!_frames.TryPeek(out var oldest) || oldest != frame) throw new InvalidOperationException($"frame {frame} is not the oldest pending");
            _frames.Dequeue();
            var segment = _segments[frame.Segment];
            if (!_unsettled.ContainsKey(frame)) MarkDone(segment, frame);
            segment.Drained++;
            if (segment.Done && segment != _active) Delete(segment);
        }
    }

    /// <summary>One of the frame's readings acknowledged before evaluation was evaluated; with its last the frame is settled.</summary>
    public void Settled(LogFrame frame)
    {
        lock (_gate)
        {
            if (!_unsettled.TryGetValue(frame, out var waiting)) throw new InvalidOperationException($"frame {frame} waits for no evaluation");
            if (waiting > 1)
            {
                _unsettled[frame] = waiting - 1;
                return;
            }
            _unsettled.Remove(frame);
            var segment = _segments[frame.Segment];
            // Drained already when it is older than the oldest frame still to drain (frames drain in order).
            if (!_frames.TryPeek(out var oldest) || frame.CompareTo(oldest) < 0) MarkDone(segment, frame);
            segment.Settled++;
            if (segment.Done && segment != _active) Delete(segment);
        }
    }

    // A frame drained and settled is marked so in its header, once, without a sync (a frame only drained or only settled
    // is not: each mark rewrites a page of the file). A crash that loses a mark, or comes before it, drains the frame
    // again (InfluxDB overwrites the same points) or evaluates it again (a grain takes a reading it saw as a duplicate).
    private static void MarkDone(Segment segment, LogFrame frame)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, frame.Length | DrainedFlag | SettledFlag);
        RandomAccess.Write(segment.Handle, header, frame.Offset - HeaderBytes);
    }

    /// <summary>Sets the oldest frame aside (InfluxDB refused it as malformed) so it cannot block those behind it.</summary>
    public string Reject(LogFrame frame)
    {
        Directory.CreateDirectory(_rejectedDir);
        var target = Path.Combine(_rejectedDir, $"{frame.Segment.ToString("D16", CultureInfo.InvariantCulture)}-{frame.Offset}.lp");
        File.WriteAllText(target, Read(frame));
        Drained(frame);
        return target;
    }

    /// <summary>Deletes the segment being written once all of it drained and settled and nothing was appended for <paramref name="idle"/>.</summary>
    public void Tidy(TimeSpan idle)
    {
        lock (_gate)
        {
            if (_active is { } active && !_appending && active.Done && Environment.TickCount64 - _lastAppend >= idle.TotalMilliseconds)
                Seal(active);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var segment in _segments.Values) segment.Handle.Dispose();
            _active = null;
        }
    }

    private Segment ActiveFor(int frameBytes)
    {
        lock (_gate)
        {
            _appending = true;
            if (_active is { } active && active.End + frameBytes <= active.Capacity) return active;
            if (_active is not null) Seal(_active);
            var number = _nextSegment++;
            var path = Path.Combine(_dir, number.ToString("D16", CultureInfo.InvariantCulture) + Extension);
            var segment = new Segment(number, path, Create(path, Math.Max(_segmentBytes, frameBytes), frameBytes), 0);
            _segments[number] = segment;
            _active = segment;
            return segment;
        }
    }

    // A full-size segment if the disk has room for one, else one just big enough for this frame (a nearly full disk
    // still takes what fits); neither: the caller holds the batch in memory.
    private static (SafeFileHandle Handle, long Capacity) Create(string path, long bytes, int frameBytes)
    {
        try
        {
            return (File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None, bytes), bytes);
        }
        catch (IOException) when (bytes > frameBytes)
        {
            File.Delete(path);
        }
        var fitting = (frameBytes + Alignment - 1) / Alignment * Alignment;
        try
        {
            return (File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None, fitting), fitting);
        }
        catch (IOException)
        {
            File.Delete(path);
            throw;
        }
    }

    // Nothing more goes into the segment; one with every frame drained and settled goes at once.
    private void Seal(Segment segment)
    {
        segment.Capacity = segment.End;
        if (_active == segment) _active = null;
        if (segment.Done && _segments.ContainsKey(segment.Number)) Delete(segment);
    }

    private void Delete(Segment segment)
    {
        segment.Handle.Dispose();
        File.Delete(segment.Path);
        _segments.Remove(segment.Number);
    }

    private void Recover(string path)
    {
        if (!long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return;
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        var segment = new Segment(number, path, (handle, length), 0);
        var header = new byte[HeaderBytes];
        long offset = 0;
        while (offset + HeaderBytes <= length)
        {
            RandomAccess.Read(handle, header, offset);
            var size = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (size == 0) break; // the preallocated rest
            var drained = (size & DrainedFlag) != 0;
            var settled = (size & SettledFlag) != 0;
            size &= LengthMask;
            var payload = size > 0 && offset + HeaderBytes + size <= length ? new byte[size] : null;
            if (payload is not null) RandomAccess.Read(handle, payload, offset + HeaderBytes);
            if (payload is null || Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)))
            {
                TornFrames++;
                break;
            }
            // A frame drained and settled is done with; the others count in their segment, with what is done of them.
            var found = new LogFrame(number, offset + HeaderBytes, size);
            if (!drained || !settled)
            {
                segment.Frames++;
                if (drained) segment.Drained++;
                else _frames.Enqueue(found);
                if (settled) segment.Settled++;
                else
                {
                    _unsettled[found] = 1;
                    _foundUnsettled!.Add(found);
                }
            }
            offset += HeaderBytes + size;
        }
        segment.End = offset;
        _segments[number] = segment;
        Seal(segment);
    }

    private sealed class Segment(long number, string path, (SafeFileHandle Handle, long Capacity) file, long end)
    {
        public long Number { get; } = number;

        public string Path { get; } = path;

        public SafeFileHandle Handle { get; } = file.Handle;

        public long Capacity { get; set; } = file.Capacity;

        public long End { get; set; } = end;

        public int Frames { get; set; }

        public int Drained { get; set; }

        public int Settled { get; set; }

        /// <summary>Every frame in it drained to InfluxDB and every reading in it evaluated.</summary>
        public bool Done => Drained == Frames && Settled == Frames;

        public void Flush() => RandomAccess.FlushToDisk(Handle);
    }
}

/// <summary>A batch in the <see cref="ReadingLog"/>: its segment and where its line protocol lies in it (ordered as written).</summary>
public readonly record struct LogFrame(long Segment, long Offset, int Length) : IComparable<LogFrame>
{
    public int CompareTo(LogFrame other) => Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);
}
