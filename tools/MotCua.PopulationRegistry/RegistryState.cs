namespace MotCua.PopulationRegistry;

/// <summary>One lookup the simulator answered: when, the CCCD, the purpose and officer given, and the outcome
/// (<c>found</c>, <c>not-found</c>, <c>invalid</c>, <c>unauthorized</c>, <c>error</c>, <c>outage</c>).</summary>
public sealed record Lookup(DateTimeOffset At, string? IdNumber, string? Purpose, string? Officer, string Outcome);

/// <summary>
/// The simulated database's people and how it is told to misbehave (POST /control): <c>normal</c>; <c>outage</c> (the
/// connection is closed without an answer until <c>normal</c>); <c>slow</c> (<c>delayMs</c> before each answer);
/// <c>error</c> (the next <c>count</c> calls answer <c>status</c>, 503 unless given). Each mode replaces the one before.
/// </summary>
public sealed class RegistryState(List<Person> people)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Person> byNumber = people.ToDictionary(p => p.IdNumber);
    private readonly List<Person> ordered = people;
    private readonly List<Lookup> lookups = [];
    private bool outage;
    private int slowMs, errors, errorStatus = 503;

    public Person? Find(string number)
    {
        lock (gate) return byNumber.GetValueOrDefault(number);
    }

    public IReadOnlyList<Person> Take(int take)
    {
        lock (gate) return [.. ordered.Take(Math.Clamp(take, 1, ordered.Count))];
    }

    /// <summary>Adds (or replaces) a person, for a test that needs a particular one.</summary>
    public void Add(Person person)
    {
        lock (gate)
        {
            if (byNumber.Remove(person.IdNumber, out var old)) ordered.Remove(old);
            byNumber[person.IdNumber] = person;
            ordered.Add(person);
        }
    }

    public void Record(Lookup lookup)
    {
        lock (gate) lookups.Add(lookup);
    }

    public IReadOnlyList<Lookup> Lookups()
    {
        lock (gate) return [.. lookups];
    }

    /// <summary>Before answering: waits when slow, then says whether to close the connection or which error to answer.</summary>
    public async Task<(bool Abort, int? Status)> InterfereAsync(CancellationToken ct)
    {
        int wait;
        lock (gate) wait = slowMs;
        if (wait > 0) await Task.Delay(wait, ct);
        lock (gate)
        {
            if (outage) return (true, null);
            if (errors > 0)
            {
                errors--;
                return (false, errorStatus);
            }
            return (false, null);
        }
    }

    /// <summary>Applies a control command; null when it is not understood.</summary>
    public object? Control(string? mode, int? delayMs, int? status, int? count)
    {
        lock (gate)
        {
            switch (mode)
            {
                // Each mode replaces the one before (third trial LOW 12: "slow" after "outage" kept the outage, and
                // "outage" after "slow" kept the delay, so the desk said "không trả lời kịp" in an outage).
                case "normal": (outage, slowMs, errors) = (false, 0, 0); break;
                case "outage": (outage, slowMs, errors) = (true, 0, 0); break;
                case "slow" when delayMs is >= 0: (outage, slowMs, errors) = (false, delayMs.Value, 0); break;
                case "error": (outage, slowMs, errors, errorStatus) = (false, 0, count ?? 1, status ?? 503); break;
                default: return null;
            }
            return new { mode, outage, slowMs, errors, errorStatus };
        }
    }
}
