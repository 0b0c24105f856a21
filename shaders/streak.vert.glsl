// (Appended to arc_common.glsl.) Streak level of detail, for crowds: each arc is one line from
// its tail end to its head (GL_LINES, 2 vertices), bright at the head and fading back.
out float v_fade;
flat out vec3 v_color;
flat out float v_alpha;

void main()
{
    fetch_arc(gl_VertexID >> 1);
    float head = arc_age() / u_flight;
    bool at_head = (gl_VertexID & 1) == 1;
    if (head > 1.0 + u_tail) {
        gl_Position = DROPPED;
        return;
    }
    float t = clamp(at_head ? head : head - u_tail, 0.0, 1.0);
    vec3 p, dp;
    arc_at(t, p, dp);
    gl_Position = u_vp * vec4(p, 1.0);
    v_fade = at_head ? 1.0 : 0.0;
    v_color = arc_mirai() ? mix(arc_color(), vec3(1.0), 0.45) : arc_color();
    v_alpha = arc_alpha(head);
}
