// (Appended to arc_common.glsl.) Streaks, for the crowd: each arc is one line from its tail
// end to its head (GL_LINES, 2 vertices), bright at the head and fading back. Arcs whose seed
// falls outside [u_keep_lo, u_keep_hi) are left to the dots or to nobody (a sparse level of
// detail); u_gain brightens the ones drawn so a sampled crowd reads like the whole.
uniform float u_keep_lo, u_keep_hi;
uniform float u_gain;

out float v_fade;
flat out vec3 v_color;
flat out float v_alpha;

void main()
{
    fetch_arc(gl_VertexID >> 1);
    float head = arc_age() / u_flight;
    bool at_head = (gl_VertexID & 1) == 1;
    if (head > 1.0 + u_tail || a_seed < u_keep_lo || a_seed >= u_keep_hi) {
        gl_Position = DROPPED_OUT;
        return;
    }
    float t = clamp(at_head ? head : head - u_tail, 0.0, 1.0);
    vec3 p, dp;
    arc_at(t, p, dp);
    gl_Position = u_vp * vec4(p, 1.0);
    v_fade = at_head ? 1.0 : 0.0;
    v_color = arc_color();
    float level = arc_level();
    v_alpha = min(1.0, arc_alpha(head) * (0.75 + 0.25 * level) * u_gain *
                           (arc_mirai() ? 1.2 : 1.0)) * arc_visible(p);
}
