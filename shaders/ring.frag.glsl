#version 330 core
// Alert rings: a steady ring, a pulse running outwards and a faint fill. Sensor rings
// (u_steady = 1): the steady ring alone.
in float v_r;
flat in vec4 v_color;
in float v_visible;
uniform float u_steady;
out vec4 o_color;

void main()
{
    float steady = max(0.0, 1.0 - abs(v_r - 1.0) * 9.0);
    float phase = fract(v_color.a / 1.6);
    float pulse = max(0.0, 1.0 - abs(v_r - (0.4 + 1.4 * phase)) * 7.0) * (1.0 - phase);
    float fill = v_r < 1.0 ? 0.08 : 0.0;
    float k = (steady * 0.9 + (pulse * 0.8 + fill) * (1.0 - u_steady)) * v_visible;
    o_color = vec4(v_color.rgb * k, k); // premultiplied: additive for alerts, over for sensors
}
