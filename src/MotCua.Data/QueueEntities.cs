using Microsoft.EntityFrameworkCore;

namespace MotCua.Data;

/// <summary>A service a centre queues for (migration 0070, <c>queue_services</c>): the letter printed before the ticket's
/// number (<c>A007</c>, <c>MotCua.Domain.Queue.TicketNumber</c>), its name, and the fields (lĩnh vực codes) it serves.</summary>
public sealed class QueueService
{
    public int Id { get; set; }
    public int AgencyId { get; set; }
    /// <summary>One capital A–Z, unique within the centre.</summary>
    public required string Letter { get; set; }
    public required string Name { get; set; }
    public string[] FieldCodes { get; set; } = [];
    public bool Active { get; set; } = true;
    /// <summary>The most remote tickets a day (migration 0089); null: the share of the expected capacity.</summary>
    public int? RemoteQuota { get; set; }
}

/// <summary>A counter (quầy) of a centre (migration 0070, <c>queue_counters</c>): its number on the call screen, the
/// services it calls, the receiving officer who took it today and whether it is open.</summary>
public sealed class QueueCounter
{
    public int Id { get; set; }
    public int AgencyId { get; set; }
    public short Number { get; set; }
    public string Name { get; set; } = "";
    public int[] ServiceIds { get; set; } = [];
    public int? OfficerUserId { get; set; }
    public bool Open { get; set; }
    /// <summary>No longer used by the centre (migration 0089): kept for its tickets, never taken or called to.</summary>
    public bool Closed { get; set; }
}

/// <summary>The last serial given per centre, Vietnam day and service (migration 0070, <c>queue_serials</c>); bumped only
/// by the ticket's own statement (Features/Queue), so numbers run from 1 with no gap.</summary>
public sealed class QueueSerial
{
    public int AgencyId { get; set; }
    public DateOnly Day { get; set; }
    public int ServiceId { get; set; }
    public int Last { get; set; }
}

/// <summary>A queue ticket (phiếu số thứ tự, migration 0070, <c>queue_tickets</c>). <see cref="State"/> and
/// <see cref="Channel"/> hold <c>MotCua.Domain.Queue.TicketState</c> and <c>TicketChannel</c>; instants are UTC in the
/// database and shown in Vietnam time; the ticket carries no name, only the holder's optional phone.</summary>
public sealed class QueueTicket
{
    public long Id { get; set; }
    public int AgencyId { get; set; }
    public int ServiceId { get; set; }
    /// <summary>The Vietnam day the ticket was taken on (numbers restart each day).</summary>
    public DateOnly Day { get; set; }
    public int Number { get; set; }
    public short Channel { get; set; }
    /// <summary>SHA-256 (hex) of the ticket page's token; the token itself is given once, to the holder.</summary>
    public required string TokenHash { get; set; }
    public string? Phone { get; set; }
    public int? DeviceId { get; set; }
    public DateTimeOffset TakenAt { get; set; }
    /// <summary>The first call (the wait is measured to it).</summary>
    public DateTimeOffset? CalledAt { get; set; }
    /// <summary>The latest call, which orders the call screen.</summary>
    public DateTimeOffset? LastCalledAt { get; set; }
    public short CallCount { get; set; }
    public int? CounterId { get; set; }
    public int? CalledBy { get; set; }
    public DateTimeOffset? ServedStartAt { get; set; }
    public DateTimeOffset? ServedEndAt { get; set; }
    public short State { get; set; }
    /// <summary>2 hài lòng, 1 bình thường, 0 không hài lòng; given once, on a served ticket.</summary>
    public short? Satisfaction { get; set; }
    public long? DossierId { get; set; }
}

/// <summary>A kiosk of a centre (migration 0070, <c>kiosk_devices</c>): created by the administrator with a one-time
/// enrolment secret (its SHA-256 kept, cleared once used), enrolled by opening the link on the device, revoked by the
/// administrator (the device's cookie then no longer prints tickets).</summary>
public sealed class KioskDeviceRow
{
    public int Id { get; set; }
    public int AgencyId { get; set; }
    public required string Name { get; set; }
    public string? SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EnrolledAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>The queue's tables in the EF model (issue 17, piece E).</summary>
public static class QueueModel
{
    public static void ConfigureQueue(this ModelBuilder model)
    {
        model.Entity<QueueService>().ToTable("queue_services");
        model.Entity<QueueCounter>().ToTable("queue_counters");
        model.Entity<QueueSerial>().ToTable("queue_serials").HasKey(s => new { s.AgencyId, s.Day, s.ServiceId });
        model.Entity<QueueTicket>().ToTable("queue_tickets");
        model.Entity<KioskDeviceRow>().ToTable("kiosk_devices");
    }
}
