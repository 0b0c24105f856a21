// (Appended to arc_common.glsl.) Comets, for the featured ring: each arc is a tapered
// screen-space ribbon for the tail plus a cap holding the round head (2 * (segments + 2)
// vertices), joined to the next arc by two degenerate vertices, all arcs of a chunk in one
// triangle strip. Only the head and a short tail are built, and arcs outside their flight
// collapse to a zero-area point before any maths. Width and brightness grow with the packets
// the arc stands for (log scale).
uniform int u_segments; // tail segments

noperspective out vec2 v_head;  // offset from the head centre in head radii
noperspective out float v_side; // -1 .. 1 across the ribbon
out float v_fade;               // 0 at the tail end .. 1 at the head
flat out vec3 v_color;
flat out float v_mirai;
flat out float v_alpha;

void main()
{
    int per_arc = 2 * (u_segments + 2);
    int arc = gl_VertexID / (per_arc + 2);
    int vid = clamp(gl_VertexID - arc * (per_arc + 2) - 1, 0, per_arc - 1);
    fetch_arc(arc);
    float head = arc_age() / u_flight; // > 1: arrived, the tail drains into the sensor
    if (head > 1.0 + u_tail) {
        gl_Position = DROPPED;
        return;
    }
    int pair = vid >> 1;
    float side = (vid & 1) == 0 ? -1.0 : 1.0;
    bool cap = pair > u_segments;
    float frac = min(float(pair) / float(u_segments), 1.0);
    float t = clamp(head - u_tail * (1.0 - frac), 0.0, 1.0);
    vec3 p, dp;
    arc_at(t, p, dp);
    vec4 c = u_vp * vec4(p, 1.0);
    if (c.w < 1e-3) {
        gl_Position = DROPPED;
        return;
    }
    vec4 dc = u_vp * vec4(dp, 0.0);
    vec2 dpx = (dc.xy * c.w - c.xy * dc.w) / (c.w * c.w) * u_viewport * 0.5;
    float len = length(dpx);
    vec2 dir = len > 1e-4 ? dpx / len : vec2(1.0, 0.0);
    vec2 nrm = vec2(-dir.y, dir.x);

    float level = arc_level();
    v_mirai = arc_mirai() ? 1.0 : 0.0;
    // heavy arcs: a larger head, and a tail that widens more than the head does
    float w = u_width * (1.0 + 0.6 * level) * (1.0 + 0.3 * v_mirai);
    float half_w = pair >= u_segments ? w : w * mix(0.2, 0.5, frac) * (1.0 + 1.4 * level);
    // head-radius units: 0 at the head, +1 at the cap tip, negative back along the tail
    float behind = len * u_tail * (1.0 - frac) / w;
    v_head = vec2(cap ? 1.0 : -behind, side * half_w / w);
    v_side = side;
    v_fade = frac;
    v_color = arc_color();
    v_alpha = arc_alpha(head) * (0.85 + 0.15 * level) * arc_visible(p);

    vec2 off = nrm * side * half_w + (cap ? dir * w : vec2(0.0));
    gl_Position = vec4(c.xy + off * 2.0 / u_viewport * c.w, c.z, c.w);
}
